// Checks, with OpenAI's official Node SDK, that the sandbox's chat answers make an honest evaluation
// test bed: deterministic for a seed, a fine-tuned model repeats its training labels and beats a
// configured replacement model, which beats the base model, on held-out prompts; answers outside the
// label set occur; usage, system_fingerprint and a processing time come with every answer; a 429 carries
// rate-limit headers. Exit 1 on the first failed check.
// Environment: OPENAI_BASE_URL, OPENAI_API_KEY, TRAIN_FILE, VALID_FILE, REPLACEMENT (a model name).
import fs from "node:fs";
import OpenAI, { toFile } from "openai";

const client = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL, apiKey: process.env.OPENAI_API_KEY, maxRetries: 6 });
const checks = [];
function check(condition, what) {
  if (!condition) throw new Error("check failed: " + what);
  checks.push(what);
}
const read = (path) => fs.readFileSync(path, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l).messages);
const train = read(process.env.TRAIN_FILE);
const valid = read(process.env.VALID_FILE);
const labels = new Set(train.map((m) => m.at(-1).content));

const file = await client.files.create({ file: await toFile(fs.readFileSync(process.env.TRAIN_FILE), "train.jsonl"), purpose: "fine-tune" });
let job = await client.fineTuning.jobs.create({ model: "gpt-4o-mini-2024-07-18", training_file: file.id, seed: 1 });
const deadline = Date.now() + 60_000;
while (!["succeeded", "failed", "cancelled"].includes(job.status)) {
  if (Date.now() > deadline) throw new Error("job did not finish in 60 s: " + job.status);
  await new Promise((r) => setTimeout(r, 100));
  job = await client.fineTuning.jobs.retrieve(job.id);
}
check(job.status === "succeeded", "job succeeded");
const fineTuned = job.fine_tuned_model;

async function ask(model, messages, params = {}) {
  const { data, response } = await client.chat.completions
    .create({ model, messages: messages.slice(0, -1), temperature: 0, ...params })
    .withResponse();
  check(data.usage.prompt_tokens > 0 && data.usage.completion_tokens >= 0
    && data.usage.total_tokens === data.usage.prompt_tokens + data.usage.completion_tokens, "usage of " + model);
  check(/^fp_[0-9a-f]{10}$/.test(data.system_fingerprint), "system_fingerprint of " + model);
  check(Number(response.headers.get("openai-processing-ms")) >= 120, "simulated processing time of " + model);
  return data.choices[0].message.content;
}

let trainedRight = 0;
for (const m of train.slice(0, 20)) {
  if ((await ask(fineTuned, m)) === m.at(-1).content) trainedRight++;
}
check(trainedRight === 20, "the fine-tuned model answers its training prompts with their labels (" + trainedRight + "/20)");

async function accuracy(model) {
  let right = 0;
  let outside = 0;
  for (const m of valid) {
    const a = await ask(model, m);
    if (a === m.at(-1).content) right++;
    if (!labels.has(a)) outside++;
  }
  return { right: right / valid.length, outside };
}
const ft = await accuracy(fineTuned);
const rep = await accuracy(process.env.REPLACEMENT);
const base = await accuracy("gpt-4o-mini");
check(ft.right > rep.right && rep.right > base.right, `held-out accuracy: fine-tuned ${ft.right} > replacement ${rep.right} > base ${base.right}`);
check(ft.right < 1, "the fine-tuned model is imperfect on prompts it was not trained on");
check(ft.right + rep.right + base.right > 0 && base.outside > 0 && ft.outside + rep.outside > 0, "some answers fall outside the label set");

const prompt = valid[0];
const a1 = await ask(fineTuned, prompt, { temperature: 1, seed: 42 });
const a2 = await ask(fineTuned, prompt, { temperature: 1, seed: 42 });
check(a1 === a2, "same seed, same answer");
const seeds = new Set();
for (let s = 0; s < 20; s++) seeds.add(await ask(process.env.REPLACEMENT, prompt, { temperature: 1, seed: s }));
check(seeds.size > 1, "other seeds sample other answers");

// A 429 as the sandbox sends it under --faults, seen without the SDK's retries.
const raw = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL, apiKey: process.env.OPENAI_API_KEY, maxRetries: 0 });
let limited = null;
for (let i = 0; i < 2000 && !limited; i++) {
  try {
    await raw.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "ping " + i }] });
  } catch (e) {
    if (e instanceof OpenAI.RateLimitError) limited = e;
  }
}
check(limited !== null && limited.status === 429, "a rate limit arrives as RateLimitError");
check(limited.headers.get("retry-after") === "1" && limited.headers.get("x-ratelimit-remaining-requests") === "0"
  && limited.headers.get("x-ratelimit-reset-requests") === "200ms", "the 429 carries retry-after and x-ratelimit-* headers");

console.log(JSON.stringify({ ok: true, checks: checks.length, accuracy: { fineTuned: ft.right, replacement: rep.right, base: base.right } }));
