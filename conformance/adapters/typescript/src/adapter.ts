// The pqhs adapter (spec/adapter.md): JSON lines on stdin and stdout.
// Only protocol lines go to stdout; diagnostics go to stderr.
import { createInterface } from "node:readline";
import { answer, hello } from "./dispatch.js";

function write(o: object): void {
  process.stdout.write(JSON.stringify(o) + "\n");
}

async function main(): Promise<void> {
  write(hello());
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
  for await (const line of rl) {
    const text = line.endsWith("\r") ? line.slice(0, -1) : line;
    if (text.trim() === "") continue;
    let req: unknown;
    try {
      req = JSON.parse(text);
    } catch (e) {
      write({ id: 0, error: `request is not JSON: ${(e as Error).message}` });
      continue;
    }
    write(answer(req));
  }
}

main().catch((e) => {
  process.stderr.write(`pqhs-ts: fatal: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exitCode = 1;
});
