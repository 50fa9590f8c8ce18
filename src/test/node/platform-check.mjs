// The platform's end, as OpenAI's Node SDK sees it on the openai-ft sandbox: models carry
// shutdown_date, DPO and reinforcement jobs run with their own metrics and hyperparameters, training
// files can be refused for download, and after the dates new jobs are refused and fine-tunes answer
// 404. Run twice by NodeSdkIT over one persisted sandbox state: PHASE=before (sandbox clock before the
// dates) writes what it made to STATE_FILE, PHASE=after (clock after them) checks the refusals.
// Environment: OPENAI_BASE_URL, OPENAI_API_KEY, PHASE, STATE_FILE.
import fs from "node:fs";
import OpenAI, { toFile } from "openai";

const client = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL, apiKey: process.env.OPENAI_API_KEY, maxRetries: 6 });
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
    check(e instanceof cls && e.status === status && typeof e.message === "string", what + " (" + e.constructor.name + " " + e.status + ")");
    return e;
  }
  throw new Error("check failed: " + what + " (no error)");
}

async function finished(id) {
  const deadline = Date.now() + 60_000;
  let job = await client.fineTuning.jobs.retrieve(id);
  while (!["succeeded", "failed", "cancelled"].includes(job.status)) {
    if (Date.now() > deadline) throw new Error("job did not finish in 60 s: " + job.status);
    await new Promise((r) => setTimeout(r, 50));
    job = await client.fineTuning.jobs.retrieve(id);
  }
  return job;
}

async function metrics(id) {
  const out = [];
  for await (const e of client.fineTuning.jobs.listEvents(id, { limit: 50 })) {
    if (e.type === "metrics") out.push(e.data);
  }
  return out.reverse();
}

async function upload(text, name) {
  return client.files.create({ file: await toFile(Buffer.from(text), name), purpose: "fine-tune" });
}

function lines(n, f) {
  return Array.from({ length: n }, (_, i) => JSON.stringify(f(i + 1))).join("\n") + "\n";
}

if (process.env.PHASE === "before") {
  const models = [];
  for await (const m of client.models.list()) models.push(m);
  const date = (id) => models.find((m) => m.id === id)?.shutdown_date;
  check(date("gpt-4o-mini-2024-07-18") === "2027-01-14" && date("gpt-4.1-2025-04-14") === "2027-01-14", "gpt-4o/4.1 snapshots shut down 2027-01-14");
  check(date("gpt-4.1-nano-2025-04-14") === "2026-10-23" && date("o4-mini-2025-04-16") === "2026-10-23", "nano and o4-mini shut down 2026-10-23");
  check(date("sandbox-evergreen") === null, "sandbox-evergreen: shutdown_date null");
  check((await client.models.retrieve("gpt-4o-mini-2024-07-18")).shutdown_date === "2027-01-14", "retrieve carries shutdown_date");

  const chat = await upload(lines(12, (i) => ({ messages: [{ role: "user", content: "Colour of planet " + i + "?" }, { role: "assistant", content: "Planet " + i + " is teal." }] })), "chat.jsonl");
  const prefs = await upload(lines(12, (i) => ({ input: { messages: [{ role: "user", content: "Fruit " + i + "?" }] }, preferred_output: [{ role: "assistant", content: "Mango " + i + "." }], non_preferred_output: [{ role: "assistant", content: "No." }] })), "dpo.jsonl");
  const tasks = await upload(lines(12, (i) => ({ messages: [{ role: "user", content: i + " plus " + i + "?" }], reference_answer: String(2 * i) })), "rft.jsonl");

  await expectError(client.files.content(chat.id), OpenAI.BadRequestError, 400, "training file content refused");
  check((await client.files.retrieve(chat.id)).bytes > 0, "training file metadata still served");

  const sft = await client.fineTuning.jobs.create({ model: "gpt-4o-mini", training_file: chat.id, suffix: "end", method: { type: "supervised", supervised: { hyperparameters: { n_epochs: 2 } } } });
  const dpo = await client.fineTuning.jobs.create({ model: "gpt-4o-mini", training_file: prefs.id, validation_file: prefs.id, method: { type: "dpo", dpo: { hyperparameters: { beta: 0.3, n_epochs: 2 } } } });
  const grader = { type: "string_check", name: "exact", input: "{{sample.output_text}}", reference: "{{item.reference_answer}}", operation: "eq" };
  const rft = await client.fineTuning.jobs.create({ model: "sandbox-evergreen", training_file: tasks.id, validation_file: tasks.id, method: { type: "reinforcement", reinforcement: { grader, hyperparameters: { n_epochs: 2, batch_size: 3, eval_interval: 2, compute_multiplier: 1.5, reasoning_effort: "high" } } } });
  check(rft.method.type === "reinforcement" && rft.method.reinforcement.grader.name === "exact", "reinforcement job echoes its grader");

  const sftDone = await finished(sft.id);
  const dpoDone = await finished(dpo.id);
  const rftDone = await finished(rft.id);
  check([sftDone, dpoDone, rftDone].every((j) => j.status === "succeeded"), "three methods succeed");
  check(dpoDone.method.dpo.hyperparameters.beta === 0.3, "DPO beta echoed");
  const rh = rftDone.method.reinforcement.hyperparameters;
  check(rh.compute_multiplier === 1.5 && rh.eval_interval === 2 && rh.eval_samples === 1 && rh.reasoning_effort === "high" && rh.batch_size === 3, "reinforcement hyperparameters resolved and echoed");

  const dm = await metrics(dpo.id);
  check(dm.length === 24 && ["train_loss", "train_reward_margin", "train_chosen_reward", "train_rejected_reward", "train_reward_accuracy", "valid_reward_margin"].every((k) => typeof dm[0][k] === "number"), "DPO metrics events");
  const rm = await metrics(rft.id);
  check(rm.length === 8 && rm[7].step === 8 && rm[7].total_steps === 8, "reinforcement steps");
  check(typeof rm[1].scores.train_reward_mean === "number" && typeof rm[1].scores.valid_reward_mean === "number" && rm[0].scores.valid_reward_mean === undefined, "reward means, validation every eval_interval");
  check(rm[1].scores.graders[0].name === "exact" && typeof rm[1].errors.graders[0].error_mean === "number", "per-grader lists");
  check(typeof rm[1].usage.samples_reasoning_tokens_mean === "number" && typeof rm[1].timing.full_iteration_seconds === "number", "usage and timing");

  const csv = async (job) => (await (await client.files.content(job.result_files[0])).text()).split("\n")[0];
  check((await csv(dpoDone)).startsWith("step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy,train_chosen_reward"), "DPO result file: current CSV plus its columns");
  check((await csv(rftDone)).startsWith("step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy,train_reward_mean"), "reinforcement result file: current CSV plus its columns");

  const checkpoints = [];
  for await (const c of client.fineTuning.jobs.checkpoints.list(sft.id)) checkpoints.push(c);
  const answer = await client.chat.completions.create({ model: sftDone.fine_tuned_model, messages: [{ role: "user", content: "Colour of planet 3?" }] });
  check(answer.choices[0].message.content === "Planet 3 is teal.", "fine-tune answers before its shutdown date");
  fs.writeFileSync(process.env.STATE_FILE, JSON.stringify({ model: sftDone.fine_tuned_model, checkpoint: checkpoints[0].fine_tuned_model_checkpoint, file: chat.id, job: sft.id }));
} else {
  const state = JSON.parse(fs.readFileSync(process.env.STATE_FILE, "utf8"));
  const refused = await expectError(client.fineTuning.jobs.create({ model: "gpt-4o-mini", training_file: state.file }), OpenAI.PermissionDeniedError, 403, "new jobs refused after the date");
  check(refused.code === "fine_tuning_unavailable" && refused.error.type === "invalid_request_error", "OpenAI-shaped refusal");
  for (const m of [state.model, state.checkpoint]) {
    const e = await expectError(client.chat.completions.create({ model: m, messages: [{ role: "user", content: "hi" }] }), OpenAI.NotFoundError, 404, "shut-down model answers 404: " + m);
    check(e.code === "model_not_found", "model_not_found");
  }
  check((await client.fineTuning.jobs.retrieve(state.job)).status === "succeeded", "jobs stay readable");
  check((await metrics(state.job)).length > 0, "events stay readable");
  check((await client.models.retrieve(state.model)).shutdown_date === "2027-01-14", "the model still lists its date");
}

console.log(JSON.stringify({ ok: true, phase: process.env.PHASE, checks: checks.length }));
