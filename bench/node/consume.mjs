// SPDX-License-Identifier: GPL-3.0-or-later
// The official SDK's streaming loop over a Chat Completions stream, storing nothing: what
// tether-cli is compared with (bench/sdk-vs-cli.sh).
import OpenAI from 'openai';

const client = new OpenAI({ apiKey: 'sk-bench', baseURL: process.argv[2], maxRetries: 0 });
const stream = await client.chat.completions.create({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'bench' }],
  stream: true,
});
let chunks = 0;
let chars = 0;
for await (const chunk of stream) {
  chunks += 1;
  chars += chunk.choices[0]?.delta?.content?.length ?? 0;
}
process.stderr.write(`${chunks} chunks, ${chars} characters\n`);
