// Calls the decoder's OpenAI-compatible API with the real, unmodified `openai` npm package.
// Usage: OPENAI_BASE_URL=http://127.0.0.1:8080/v1 node openai-client.mjs
// Exits non-zero (with a message) when any check fails; prints one JSON summary line on success.
import OpenAI from "openai";
import assert from "node:assert/strict";

const baseURL = process.env.OPENAI_BASE_URL ?? process.env.HCX_BASE_URL;
assert.ok(baseURL, "set OPENAI_BASE_URL (e.g. http://127.0.0.1:8080/v1)");
const client = new OpenAI({ baseURL, apiKey: process.env.OPENAI_API_KEY ?? "not-needed", maxRetries: 0 });
const model = process.env.HCX_MODEL ?? "HyperCLOVAX-SEED-Vision-Instruct-3B";
const expected = process.env.HCX_EXPECT_TEXT; // optional exact text (the test engine is scripted)

if (process.env.HCX_EXPECT_429 === "1") {
  // the server is told to refuse admission: the SDK must surface a typed RateLimitError (HTTP 429)
  let status = null;
  try {
    await client.chat.completions.create({ model, messages: [{ role: "user", content: "x" }] });
  } catch (e) {
    status = e instanceof OpenAI.RateLimitError ? e.status : `other: ${e}`;
  }
  assert.equal(status, 429);
  console.log(JSON.stringify({ ok: true, rateLimited: status }));
  process.exit(0);
}

const models = await client.models.list();
assert.ok(models.data.some((m) => m.id === model), `model ${model} listed: ${JSON.stringify(models.data)}`);

const completion = await client.chat.completions.create({
  model,
  messages: [{ role: "user", content: "Say hello" }],
  max_tokens: 16,
  temperature: 0.5,
  top_p: 0.6,
  seed: 7,
});
assert.equal(completion.object, "chat.completion");
const text = completion.choices[0].message.content;
assert.equal(typeof text, "string");
assert.ok(["stop", "length"].includes(completion.choices[0].finish_reason));
assert.ok(completion.usage.completion_tokens > 0);
if (expected !== undefined) assert.equal(text, expected);

const stream = await client.chat.completions.create({
  model,
  messages: [{ role: "user", content: [{ type: "text", text: "Say hello" }] }],
  max_tokens: 16,
  stream: true,
});
let streamed = "";
let finish = null;
let chunks = 0;
for await (const chunk of stream) {
  chunks++;
  assert.equal(chunk.object, "chat.completion.chunk");
  const choice = chunk.choices[0];
  if (!choice) continue;
  streamed += choice.delta?.content ?? "";
  if (choice.finish_reason) finish = choice.finish_reason;
}
assert.ok(chunks >= 2, `expected several chunks, got ${chunks}`);
assert.ok(["stop", "length"].includes(finish), `finish_reason ${finish}`);
if (expected !== undefined) assert.equal(streamed, expected);

console.log(JSON.stringify({ ok: true, text, streamed, chunks, finish }));
