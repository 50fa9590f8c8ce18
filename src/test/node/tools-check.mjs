// Function calling against the openai-ft sandbox with OpenAI's official Node SDK: a forced function
// call (tool_choice naming it, strict schema) must come back in the wire shape the SDK knows, with
// arguments that are valid JSON matching the schema; "required", "auto", a non-strict schema and an
// unknown function must behave like the service. MODE=faults instead sends many forced calls to a
// sandbox with --faults and counts the malformed arguments (invalid JSON, a role outside the enum).
// Environment: OPENAI_BASE_URL, OPENAI_API_KEY, MODE (clean | faults). Last line: a JSON summary.
import OpenAI from "openai";

const client = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL, apiKey: process.env.OPENAI_API_KEY, maxRetries: 8 });
const checks = [];
function check(condition, what) {
  if (!condition) throw new Error("check failed: " + what);
  checks.push(what);
}

const message = {
  type: "object", additionalProperties: false, required: ["role", "content"],
  properties: { role: { type: "string", enum: ["user", "assistant"] }, content: { type: "string" } },
};
const parameters = {
  type: "object", additionalProperties: false, required: ["conversations"],
  properties: {
    conversations: {
      type: "array", description: "Exactly 4 conversations.",
      items: {
        type: "object", additionalProperties: false, required: ["messages"],
        properties: { messages: { type: "array", description: "2 messages: user, then assistant.", items: message } },
      },
    },
  },
};
const tool = { type: "function", function: { name: "record_conversations", description: "Record conversations.", strict: true, parameters } };
const named = { type: "function", function: { name: "record_conversations" } };
const ask = (topic) => [{ role: "system", content: "You write training data." }, { role: "user", content: "Topic: " + topic + "\n\nWrite 4 conversations." }];

/** null when the arguments match the schema, else why not. */
function problem(args) {
  let v;
  try { v = JSON.parse(args); } catch (e) { return "invalid JSON"; }
  if (!Array.isArray(v.conversations) || v.conversations.length !== 4) return "not 4 conversations";
  for (const c of v.conversations) {
    if (Object.keys(c).join() !== "messages" || c.messages.length !== 2) return "bad conversation";
    for (const [i, m] of c.messages.entries()) {
      if (Object.keys(m).sort().join() !== "content,role") return "bad message keys";
      if (!["user", "assistant"].includes(m.role)) return "role outside the enum";
      if (m.role !== ["user", "assistant"][i]) return "roles do not alternate";
      if (typeof m.content !== "string" || m.content.length === 0) return "empty content";
    }
  }
  return null;
}

if (process.env.MODE === "faults") {
  const seen = { "invalid JSON": 0, "role outside the enum": 0, valid: 0 };
  for (let i = 0; i < 40; i++) {
    const r = await client.chat.completions.create({ model: "gpt-4.1-mini", messages: ask("topic number " + i), tools: [tool], tool_choice: named });
    const p = problem(r.choices[0].message.tool_calls[0].function.arguments);
    check(p === null || p in seen, "answer " + i + " is valid or malformed in a documented way (" + p + ")");
    seen[p === null ? "valid" : p]++;
  }
  check(seen.valid > 0 && seen["invalid JSON"] > 0 && seen["role outside the enum"] > 0, "both kinds of malformed arguments seen, and valid ones");
  console.log(JSON.stringify({ ok: true, checks: checks.length, ...seen }));
  process.exit(0);
}

const r = await client.chat.completions.create({ model: "gpt-4.1-mini", messages: ask("exporting a database backup"), tools: [tool], tool_choice: named });
const choice = r.choices[0];
check(r.object === "chat.completion" && choice.finish_reason === "stop", "named tool_choice finishes with 'stop' like the service");
check(choice.message.role === "assistant" && choice.message.content === null, "no text content beside the call");
const calls = choice.message.tool_calls;
check(Array.isArray(calls) && calls.length === 1, "one tool call");
check(calls[0].type === "function" && calls[0].id.startsWith("call_"), "tool call id and type");
check(calls[0].function.name === "record_conversations", "the forced function is called");
check(problem(calls[0].function.arguments) === null, "arguments are valid JSON matching the schema: " + problem(calls[0].function.arguments));
const conversations = JSON.parse(calls[0].function.arguments).conversations;
check(conversations.every((c) => c.messages[0].content.includes("exporting a database backup")), "conversations are about the topic");
check(new Set(conversations.map((c) => c.messages[0].content)).size === 4, "the conversations differ");
check(r.usage.prompt_tokens > 0 && r.usage.completion_tokens > 0, "usage reported");

const again = await client.chat.completions.create({ model: "gpt-4.1-mini", messages: ask("exporting a database backup"), tools: [tool], tool_choice: named });
check(again.choices[0].message.tool_calls[0].function.arguments === calls[0].function.arguments, "same request, same arguments");

const required = await client.chat.completions.create({ model: "gpt-4.1-mini", messages: ask("billing"), tools: [tool], tool_choice: "required" });
check(required.choices[0].finish_reason === "tool_calls" && required.choices[0].message.tool_calls.length === 1, "'required' finishes with 'tool_calls'");

const auto = await client.chat.completions.create({ model: "gpt-4.1-mini", messages: ask("billing"), tools: [tool] });
check(typeof auto.choices[0].message.content === "string" && !auto.choices[0].message.tool_calls, "'auto' answers with text");

const loose = { type: "function", function: { name: "record_conversations", strict: true, parameters: { type: "object", properties: { x: { type: "string" } } } } };
try {
  await client.chat.completions.create({ model: "gpt-4.1-mini", messages: ask("billing"), tools: [loose], tool_choice: named });
  throw new Error("check failed: a strict schema without additionalProperties was accepted");
} catch (e) {
  check(e instanceof OpenAI.BadRequestError && e.status === 400 && /additionalProperties/.test(e.message), "strict schema rules enforced (400)");
}
try {
  await client.chat.completions.create({ model: "gpt-4.1-mini", messages: ask("billing"), tools: [tool], tool_choice: { type: "function", function: { name: "nope" } } });
  throw new Error("check failed: an unknown forced function was accepted");
} catch (e) {
  check(e instanceof OpenAI.BadRequestError && e.status === 400, "unknown forced function refused (400)");
}
console.log(JSON.stringify({ ok: true, checks: checks.length }));
