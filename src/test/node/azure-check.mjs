// Drives the Azure flavour of the openai-ft sandbox (`openai-ft sandbox --azure`) with the Node SDK's own
// AzureOpenAI client, the way an Azure user's script would: files, a job on a training tier (`trainingType`),
// its events and checkpoints, the job list, cancel, deploying the fine-tuned model and chatting through the
// deployment, and Azure's answers to a job without a tier (the sandbox started with the tier required), an
// unknown tier, a wrong key, a missing api-version and an unknown one. Exit 1 on the first difference.
// Environment: AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY, OPENAI_API_VERSION, TRAIN_FILE.
import fs from "node:fs";
import OpenAI, { AzureOpenAI, toFile } from "openai";

const endpoint = process.env.AZURE_OPENAI_ENDPOINT;
const key = process.env.AZURE_OPENAI_API_KEY;
const apiVersion = process.env.OPENAI_API_VERSION;
const client = new AzureOpenAI({ endpoint, apiKey: key, apiVersion, maxRetries: 2 });
const checks = [];

function check(condition, what) {
  if (!condition) {
    throw new Error("check failed: " + what);
  }
  checks.push(what);
}

async function expectError(promise, cls, status, what) {
  try {
    await promise;
  } catch (e) {
    check(e instanceof cls && e.status === status, what + " (" + e.constructor.name + " " + e.status + ")");
    return e;
  }
  throw new Error("check failed: " + what + " (no error)");
}

const train = await client.files.create({
  file: await toFile(fs.readFileSync(process.env.TRAIN_FILE), "train.jsonl"),
  purpose: "fine-tune",
});
check(train.object === "file" && train.id.startsWith("file-"), "upload through /openai/files");
const listed = [];
for await (const f of client.files.list()) listed.push(f.id);
check(listed.includes(train.id), "file listed");

// Azure asks for a training tier; without one it has answered with a misleading 400 about the model
const noTier = await expectError(
  client.fineTuning.jobs.create({ model: "gpt-4o-mini-2024-07-18", training_file: train.id }),
  OpenAI.BadRequestError, 400, "a job without trainingType is refused");
check(noTier.error?.code === "invalidPayload"
  && noTier.error?.message === "The specified base model does not support fine-tuning.", "Azure's misleading 400 body");
const badTier = await expectError(
  client.fineTuning.jobs.create({ model: "gpt-4o-mini-2024-07-18", training_file: train.id, trainingType: "premium" }),
  OpenAI.BadRequestError, 400, "an unknown trainingType is refused");
check(badTier.error?.param === "trainingType", "the refusal names trainingType");

let job = await client.fineTuning.jobs.create({
  model: "gpt-4o-mini-2024-07-18",
  training_file: train.id,
  trainingType: "globalstandard",
  suffix: "azure",
  seed: 11,
  method: { type: "supervised", supervised: { hyperparameters: { n_epochs: 2 } } },
});
check(job.object === "fine_tuning.job", "job created");
// Azure writes a new job with an id of 32 hex digits, status pending, no organization, no result files
check(/^ftjob-[0-9a-f]{32}$/.test(job.id) && job.status === "pending" && job.organization_id === null
  && job.result_files === null, "a new job in Azure's shape (" + job.id + ", " + job.status + ")");
const cancelled = await client.fineTuning.jobs.create({
  model: "gpt-4o-mini-2024-07-18", training_file: train.id, trainingType: "developerTier" });
const c = await client.fineTuning.jobs.cancel(cancelled.id);
check(c.status === "cancelled", "cancel");

const deadline = Date.now() + 60_000;
while (!["succeeded", "failed", "cancelled"].includes(job.status)) {
  if (Date.now() > deadline) throw new Error("job did not finish in 60 s: " + job.status);
  await new Promise((r) => setTimeout(r, 100));
  job = await client.fineTuning.jobs.retrieve(job.id);
}
// Azure names a fine-tune BASE.ft-<32 hex>[-suffix], not ft:...
check(job.status === "succeeded" && /^gpt-4o-mini-2024-07-18\.ft-[0-9a-f]{32}-azure$/.test(job.fine_tuned_model), "job succeeded");

const events = [];
for await (const e of client.fineTuning.jobs.listEvents(job.id, { limit: 5 })) events.push(e);
check(events.length > 5 && new Set(events.map((e) => e.id)).size === events.length, "events paged, none twice");
const checkpoints = [];
for await (const c of client.fineTuning.jobs.checkpoints.list(job.id, { limit: 1 })) checkpoints.push(c);
check(checkpoints.length >= 1 && checkpoints[0].fine_tuned_model_checkpoint.includes(":ckpt-step-")
  && /^ftchkpt-[0-9a-f]{32}$/.test(checkpoints[0].id), "checkpoints");
const jobs = [];
for await (const j of client.fineTuning.jobs.list({ limit: 1 })) jobs.push(j.id);
check(jobs.includes(job.id) && jobs.includes(cancelled.id), "job list paged");
const content = await (await client.files.content(job.result_files[0])).text();
check(content.startsWith("step,train_loss"), "result file");

// chat goes to /openai/deployments/NAME/chat/completions: a base model is deployed under its own name
const base = await client.chat.completions.create({ model: "gpt-4o-mini-2024-07-18", messages: [{ role: "user", content: "Hi" }] });
check(base.choices[0].message.content.length > 0, "chat through a base model's deployment");
// the fine-tuned model is not deployed yet
await expectError(
  client.chat.completions.create({ model: "my-ft", messages: [{ role: "user", content: "Hi" }] }),
  OpenAI.NotFoundError, 404, "undeployed name is DeploymentNotFound");
// a name with ':' is refused as Azure refuses it
const bad = await fetch(`${endpoint}/openai/deployments/ft:x?api-version=${apiVersion}`, {
  method: "PUT", headers: { "api-key": key, "content-type": "application/json" }, body: JSON.stringify({ model: job.fine_tuned_model }) });
check(bad.status === 400, "a deployment name with ':' is refused");
const put = await fetch(`${endpoint}/openai/deployments/my-ft?api-version=${apiVersion}`, {
  method: "PUT", headers: { "api-key": key, "content-type": "application/json" }, body: JSON.stringify({ model: job.fine_tuned_model }) });
check(put.status === 201 && (await put.json()).model === job.fine_tuned_model, "deploy the fine-tuned model");
const answer = await client.chat.completions.create({ model: "my-ft", messages: [{ role: "user", content: "What is the colour of planet number 2?" }] });
check(answer.model === job.fine_tuned_model && answer.choices[0].message.content.length > 0, "chat through the deployment");
const pinned = new AzureOpenAI({ endpoint, apiKey: key, apiVersion, deployment: "my-ft" });
const again = await pinned.chat.completions.create({ model: "ignored", messages: [{ role: "user", content: "Hello" }] });
check(again.model === job.fine_tuned_model, "client bound to a deployment");

// what goes wrong, answered as Azure answers it
const wrongKey = await expectError(
  new AzureOpenAI({ endpoint, apiKey: "wrong-key-123", apiVersion, maxRetries: 0 }).files.list(),
  OpenAI.AuthenticationError, 401, "wrong key is 401");
check(wrongKey.error?.code === "401" && /invalid subscription key/.test(wrongKey.error?.message), "Azure's 401 body");
const unknown = await expectError(
  new AzureOpenAI({ endpoint, apiKey: key, apiVersion: "2019-01-01", maxRetries: 0 }).fineTuning.jobs.retrieve(job.id),
  OpenAI.BadRequestError, 400, "unknown api-version is 400");
check(unknown.error?.code === "BadRequest" && unknown.error?.message === "API version not supported", "Azure's 400 body");
// AzureOpenAI refuses to start without an api-version, so the plain client sends a request without one
const plain = new OpenAI({ baseURL: `${endpoint}/openai`, apiKey: "unused", defaultHeaders: { "api-key": key }, maxRetries: 0 });
const missing = await expectError(plain.files.list(), OpenAI.NotFoundError, 404, "missing api-version is 404");
check(missing.error?.code === "404" && missing.error?.message === "Resource not found", "Azure's 404 body");

console.log(JSON.stringify({ ok: true, checks: checks.length }));
