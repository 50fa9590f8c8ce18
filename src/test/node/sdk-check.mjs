// Drives the openai-ft sandbox with OpenAI's official Node SDK, the way a user's script would, and
// fails (exit 1) on anything the SDK could tell apart from the real service: a missing field, a
// pagination walk that repeats or skips, an error of the wrong class or status.
// Environment: OPENAI_BASE_URL, OPENAI_API_KEY, TRAIN_FILE, VALID_FILE.
import fs from "node:fs";
import OpenAI, { toFile } from "openai";

const client = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL, apiKey: process.env.OPENAI_API_KEY, maxRetries: 4 });
const checks = [];

function check(condition, what) {
  if (!condition) {
    throw new Error("check failed: " + what);
  }
  checks.push(what);
}

async function upload(path, name) {
  const file = await client.files.create({ file: await toFile(fs.readFileSync(path), name), purpose: "fine-tune" });
  check(file.object === "file" && file.id.startsWith("file-") && file.bytes === fs.statSync(path).size, "upload " + name);
  return file;
}

async function expectError(promise, cls, status, what) {
  try {
    await promise;
  } catch (e) {
    check(e instanceof cls && e.status === status && typeof e.message === "string", what);
    return e;
  }
  throw new Error("check failed: " + what + " (no error)");
}

const train = await upload(process.env.TRAIN_FILE, "train.jsonl");
const valid = await upload(process.env.VALID_FILE, "valid.jsonl");

let job = await client.fineTuning.jobs.create({
  model: "gpt-4o-mini-2024-07-18",
  training_file: train.id,
  validation_file: valid.id,
  suffix: "node-sdk",
  seed: 7,
  metadata: { team: "sdk-check" },
  method: { type: "supervised", supervised: { hyperparameters: { n_epochs: 2 } } },
});
check(job.object === "fine_tuning.job" && job.status === "validating_files", "job created");

const deadline = Date.now() + 60_000;
while (!["succeeded", "failed", "cancelled"].includes(job.status)) {
  if (Date.now() > deadline) throw new Error("job did not finish in 60 s: " + job.status);
  await new Promise((r) => setTimeout(r, 100));
  job = await client.fineTuning.jobs.retrieve(job.id);
}
check(job.status === "succeeded", "job succeeded");
check(job.fine_tuned_model && job.fine_tuned_model.startsWith("ft:gpt-4o-mini-2024-07-18:"), "fine-tuned model named");
check(job.trained_tokens > 0 && job.result_files.length === 1, "trained tokens and result file");
check(job.method.supervised.hyperparameters.n_epochs === 2, "epochs reported back");

// every event exactly once, newest first, through the SDK's own auto-pagination
const events = [];
for await (const e of client.fineTuning.jobs.listEvents(job.id, { limit: 7 })) {
  events.push(e);
}
check(new Set(events.map((e) => e.id)).size === events.length, "no event twice across pages");
check(events.every((e, i) => i === 0 || events[i - 1].created_at >= e.created_at), "events newest first");
const steps = events.filter((e) => e.type === "metrics").map((e) => e.data.step);
check(steps.length > 0 && Math.max(...steps) === steps.length, "one metrics event per step");

const checkpoints = [];
for await (const c of client.fineTuning.jobs.checkpoints.list(job.id, { limit: 1 })) {
  checkpoints.push(c);
}
check(checkpoints.length >= 1 && checkpoints.every((c) => c.fine_tuned_model_checkpoint.includes(":ckpt-step-")), "checkpoints");

const content = await (await client.files.content(job.result_files[0])).text();
check(content.startsWith("step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy"), "result file is current CSV");

const jobs = [];
for await (const j of client.fineTuning.jobs.list({ limit: 1 })) {
  jobs.push(j.id);
}
check(jobs.includes(job.id), "job listed");

const model = await client.models.retrieve(job.fine_tuned_model);
check(model.id === job.fine_tuned_model && model.object === "model", "fine-tuned model retrievable");

const trainLine = JSON.parse(fs.readFileSync(process.env.TRAIN_FILE, "utf8").split("\n")[0]);
const prompt = trainLine.messages.find((m) => m.role === "user").content;
const answer = trainLine.messages.find((m) => m.role === "assistant").content;
const chat = await client.chat.completions.create({ model: job.fine_tuned_model, messages: [{ role: "user", content: prompt }] });
check(chat.choices[0].message.content === answer && chat.choices[0].finish_reason === "stop", "fine-tuned model answers from its training data");

await expectError(client.fineTuning.jobs.retrieve("ftjob-doesnotexist"), OpenAI.NotFoundError, 404, "unknown job is NotFoundError");
await expectError(client.fineTuning.jobs.cancel(job.id), OpenAI.ConflictError, 409, "cancelling a finished job is ConflictError");
const badKey = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL, apiKey: "sk-wrong", maxRetries: 0 });
await expectError(badKey.models.list(), OpenAI.AuthenticationError, 401, "wrong key is AuthenticationError");
await expectError(
  client.fineTuning.jobs.create({ model: "gpt-4o-mini-2024-07-18", training_file: "file-nope" }),
  OpenAI.APIError, 400, "unknown training file is a 400");

const deleted = await client.files.del ? await client.files.del(valid.id) : await client.files.delete(valid.id);
check(deleted.deleted === true && deleted.id === valid.id, "file deleted");

console.log(JSON.stringify({ ok: true, checks: checks.length, events: events.length, job: job.id }));
