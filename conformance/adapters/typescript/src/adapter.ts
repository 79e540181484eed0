// The pqhs adapter (spec/adapter.md): JSON lines on stdin and stdout.
// Only protocol lines go to stdout; diagnostics go to stderr.
//
// It announces the pipelining capability (pipeline/1): the runner may send up
// to PIPELINE_WINDOW requests before reading their answers. Requests are
// answered in the order they arrive; all the complete lines of one chunk of
// standard input are answered with one write, so a full window costs one
// round trip through the pipe instead of one per request.
import { answer, hello } from "./dispatch.js";

function answerLine(line: string): string {
  const text = line.endsWith("\r") ? line.slice(0, -1) : line;
  if (text.trim() === "") return "";
  let req: unknown;
  try {
    req = JSON.parse(text);
  } catch (e) {
    return JSON.stringify({ id: 0, error: `request is not JSON: ${(e as Error).message}` }) + "\n";
  }
  return JSON.stringify(answer(req)) + "\n";
}

function main(): void {
  process.stdout.write(JSON.stringify(hello()) + "\n");
  let pending = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk: string) => {
    pending += chunk;
    const end = pending.lastIndexOf("\n");
    if (end < 0) return;
    const lines = pending.slice(0, end).split("\n");
    pending = pending.slice(end + 1);
    let out = "";
    for (const line of lines) out += answerLine(line);
    if (out !== "") process.stdout.write(out);
  });
  process.stdin.on("end", () => {
    // A last line without its newline is still a request.
    const out = answerLine(pending);
    if (out !== "") process.stdout.write(out);
  });
}

try {
  main();
} catch (e) {
  process.stderr.write(`pqhs-ts: fatal: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exitCode = 1;
}
