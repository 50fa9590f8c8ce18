// Checkpoint permissions on the openai-ft sandbox through OpenAI's official Node SDK, with an admin key
// as the real endpoint requires: a known checkpoint answers an empty list page (the sandbox shares
// nothing), an unknown one a NotFoundError. Exit 1 on any difference.
// Environment: OPENAI_BASE_URL, OPENAI_API_KEY, OPENAI_ADMIN_KEY, TRAIN_FILE.
import fs from "node:fs";
import OpenAI, { NotFoundError, toFile } from "openai";

const client = new OpenAI({
  baseURL: process.env.OPENAI_BASE_URL,
  apiKey: process.env.OPENAI_API_KEY,
  adminAPIKey: process.env.OPENAI_ADMIN_KEY,
  maxRetries: 4,
});
const checks = [];
function check(condition, what) {
  if (!condition) {
    throw new Error("check failed: " + what);
  }
  checks.push(what);
}

const train = await client.files.create({
  file: await toFile(fs.readFileSync(process.env.TRAIN_FILE), "train.jsonl"),
  purpose: "fine-tune",
});
let job = await client.fineTuning.jobs.create({ model: "gpt-4o-mini-2024-07-18", training_file: train.id });
const deadline = Date.now() + 60_000;
while (!["succeeded", "failed", "cancelled"].includes(job.status)) {
  if (Date.now() > deadline) throw new Error("job did not finish in 60 s: " + job.status);
  await new Promise((r) => setTimeout(r, 50));
  job = await client.fineTuning.jobs.retrieve(job.id);
}
check(job.status === "succeeded", "job succeeded");

const checkpoints = [];
for await (const c of client.fineTuning.jobs.checkpoints.list(job.id)) {
  checkpoints.push(c);
}
check(checkpoints.length >= 1, "the job has checkpoints");
for (const c of checkpoints) {
  const page = await client.fineTuning.checkpoints.permissions.retrieve(c.fine_tuned_model_checkpoint);
  check(page.object === "list" && Array.isArray(page.data) && page.data.length === 0 && page.has_more === false,
    "permissions of " + c.fine_tuned_model_checkpoint);
}
try {
  await client.fineTuning.checkpoints.permissions.retrieve("ft:gpt-4o-mini-2024-07-18:sandbox::nope:ckpt-step-1");
  throw new Error("check failed: unknown checkpoint (no error)");
} catch (e) {
  check(e instanceof NotFoundError && e.status === 404, "unknown checkpoint is a NotFoundError");
}
console.log(JSON.stringify({ ok: true, checks: checks.length }));
