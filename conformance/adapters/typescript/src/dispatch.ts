// Dispatch of adapter requests to the operations (spec/adapter.md).
import { BadRequest, CATEGORIES, Inputs, Operation, Outputs, Reject, Unsupported } from "./util.js";
import { ixianOps } from "./ixian/ops.js";
import { verbethOps } from "./verbeth/ops.js";
import { frameOps } from "./ixian/frames.js";
import { logOps } from "./verbeth/logs.js";

export const NAME = "pqhs-ts";
export const VERSION = "0.1.0";

/** How many requests the runner may keep in flight (the pipeline/1 capability, spec/adapter.md). */
export const PIPELINE_WINDOW = 64;

export const operations: Record<string, Operation> = { ...ixianOps, ...frameOps, ...verbethOps, ...logOps };

export function hello(): object {
  return {
    hello: {
      protocol: "pqhs-adapter/1",
      name: NAME,
      version: VERSION,
      profiles: ["strict", "deployed"],
      operations: Object.keys(operations).sort(),
      capabilities: { "pipeline/1": { window: PIPELINE_WINDOW } },
    },
  };
}

/** Answers one request object; never throws. */
export function answer(req: unknown): object {
  if (typeof req !== "object" || req === null) return { id: 0, error: "request is not an object" };
  const r = req as { id?: unknown; op?: unknown; profile?: unknown; inputs?: unknown };
  const id = typeof r.id === "number" ? r.id : 0;
  const op = typeof r.op === "string" ? operations[r.op] : undefined;
  if (!op) return { id, unsupported: `operation ${String(r.op)} is not implemented` };
  if (r.profile !== "strict" && r.profile !== "deployed") return { id, error: `unknown profile ${String(r.profile)}` };
  if (typeof r.inputs !== "object" || r.inputs === null) return { id, error: "inputs is not an object" };
  try {
    const outputs: Outputs = op(new Inputs(r.inputs as Record<string, unknown>), r.profile);
    return { id, outputs };
  } catch (e) {
    if (e instanceof Reject) {
      if (!(CATEGORIES as readonly string[]).includes(e.category)) return { id, error: `bug: unknown category ${e.category}` };
      return { id, reject: { category: e.category, message: e.message } };
    }
    if (e instanceof Unsupported) return { id, unsupported: e.message };
    if (e instanceof BadRequest) return { id, error: `bad request: ${e.message}` };
    const err = e as Error;
    process.stderr.write(`pqhs-ts: ${String(r.op)} id ${id}: ${err?.stack ?? String(e)}\n`);
    return { id, error: `internal error: ${err?.message ?? String(e)}` };
  }
}

