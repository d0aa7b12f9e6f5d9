// Calls the decoder's OpenAI-compatible API with the real, unmodified `openai` npm package.
// Usage: OPENAI_BASE_URL=http://127.0.0.1:8080/v1 node openai-client.mjs
// Exits non-zero (with a message) when any check fails; prints one JSON summary line on success.
import OpenAI from "openai";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

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

// Images (OpenAIImageIT): HCX_IMAGE_A/B are PNG files, HCX_IMAGE_A/B_TOKENS their visual token counts.
// Each goes as an image_url data-URL part through the mesh (ingest, vision encoder) and its rows are
// spliced into the prompt, so usage.prompt_tokens grows by exactly the image's visual tokens.
let images = null;
if (process.env.HCX_IMAGE_A) {
  const dataUrl = (file) => `data:image/png;base64,${readFileSync(file).toString("base64")}`;
  const tokensA = Number(process.env.HCX_IMAGE_A_TOKENS);
  const tokensB = Number(process.env.HCX_IMAGE_B_TOKENS);
  const ask = (image) => [
    {
      role: "user",
      content: image
        ? [{ type: "text", text: "What is in this image?" }, { type: "image_url", image_url: { url: image } }]
        : [{ type: "text", text: "What is in this image?" }],
    },
  ];
  const promptTokens = async (image) => {
    const c = await client.chat.completions.create({ model, messages: ask(image), max_tokens: 4 });
    assert.equal(c.object, "chat.completion");
    assert.equal(typeof c.choices[0].message.content, "string");
    return c.usage.prompt_tokens;
  };
  const textOnly = await promptTokens(null);
  const a = await promptTokens(dataUrl(process.env.HCX_IMAGE_A));
  const b = await promptTokens(dataUrl(process.env.HCX_IMAGE_B));
  assert.equal(a - b, tokensA - tokensB, `prompt tokens ${a} (A) - ${b} (B) = visual tokens ${tokensA} - ${tokensB}`);
  assert.ok(a - textOnly > tokensA, `image A adds its ${tokensA} visual tokens and its blocks: ${a} vs ${textOnly}`);

  const imageStream = await client.chat.completions.create({
    model,
    messages: ask(dataUrl(process.env.HCX_IMAGE_A)),
    max_tokens: 4,
    stream: true,
    stream_options: { include_usage: true },
  });
  let streamedUsage = null;
  let imageChunks = 0;
  for await (const chunk of imageStream) {
    imageChunks++;
    if (chunk.usage) streamedUsage = chunk.usage;
  }
  assert.ok(imageChunks >= 2, `image stream chunks ${imageChunks}`);
  assert.ok(streamedUsage, "streamed usage chunk (stream_options.include_usage)");
  assert.equal(streamedUsage.prompt_tokens, a, "streamed prompt tokens match the non-streamed ones");

  // a typed error from the mesh reaches the SDK as its typed exception
  let refused = null;
  try {
    await client.chat.completions.create({
      model,
      messages: ask("data:text/plain;base64,aGk="),
      max_tokens: 4,
    });
  } catch (e) {
    refused = e instanceof OpenAI.APIError ? { status: e.status, code: e.code } : `other: ${e}`;
  }
  assert.deepEqual(refused, { status: 415, code: "media_unsupported" });
  images = { textOnly, a, b, streamed: streamedUsage.prompt_tokens };
}

console.log(JSON.stringify({ ok: true, text, streamed, chunks, finish, images }));
