/**
 * PGlite's data directory on disk, with each file's size remembered until the
 * file changes.
 *
 * Postgres asks for a relation's size (a seek to the end of its file) each
 * time it plans or scans it. PGlite reaches the disk through Emscripten's
 * NODEFS, where that seek is an `fstatSync` through `node:fs`, and in Deno each
 * one builds a whole `Stats` object: some fifty per dashboard request, a
 * quarter or more of the request's CPU on the embedded database. The directory is
 * this process's alone (PGlite holds it), so a size stays true until this
 * file system writes, truncates or reopens the file, and each of those
 * forgets it.
 */
import { NodeFS } from "@electric-sql/pglite/nodefs";

/** `SEEK_END` as Emscripten passes it. */
const SEEK_END = 2;

type Node = { mode: number };
type Stream = { node: Node };
interface StreamOps {
  open(stream: Stream): void;
  llseek(stream: Stream, offset: number, whence: number): number;
  write(stream: Stream, ...rest: unknown[]): number;
  setattr(stream: Stream, attr: unknown): void;
}
interface EmscriptenFiles {
  NODEFS: { stream_ops: StreamOps; node_ops: { setattr(node: Node, attr: unknown): void } };
  FS: { isFile(mode: number): boolean; ErrnoError: new (errno: number) => Error };
}

/** EINVAL, as Emscripten's own seek raises for a position before the start. */
const EINVAL = 28;

/** Makes NODEFS answer a seek to a file's end from the size it last read, while that holds. */
export function rememberFileSizes({ NODEFS, FS }: EmscriptenFiles): void {
  const sizes = new WeakMap<Node, number>();
  /** `op`, after which the file it touched (whatever became of the call) is sized afresh. */
  const thenForget =
    <A extends unknown[], R>(op: (...args: A) => R, file: (...args: A) => Node) =>
    (...args: A): R => {
      try {
        return op(...args);
      } finally {
        sizes.delete(file(...args));
      }
    };
  const stream = NODEFS.stream_ops;
  const { llseek } = stream;
  // Opening may truncate (O_TRUNC) without a setattr.
  stream.open = thenForget(stream.open, (s) => s.node);
  stream.write = thenForget(stream.write, (s) => s.node);
  stream.setattr = thenForget(stream.setattr, (s) => s.node);
  NODEFS.node_ops.setattr = thenForget(NODEFS.node_ops.setattr, (n) => n);
  stream.llseek = (s, offset, whence) => {
    if (whence !== SEEK_END || !FS.isFile(s.node.mode)) return llseek(s, offset, whence);
    let size = sizes.get(s.node);
    if (size === undefined) {
      size = llseek(s, 0, SEEK_END);
      sizes.set(s.node, size);
    }
    if (size + offset < 0) throw new FS.ErrnoError(EINVAL);
    return size + offset;
  };
}

/** PGlite's on-disk file system, with `rememberFileSizes` applied before it mounts. */
export class SizeCachingNodeFS extends NodeFS {
  override async init(...args: Parameters<NodeFS["init"]>) {
    const { emscriptenOpts } = await super.init(...args);
    return {
      emscriptenOpts: {
        ...emscriptenOpts,
        preRun: [
          (mod: unknown) => rememberFileSizes(mod as EmscriptenFiles),
          ...(emscriptenOpts.preRun ?? []),
        ],
      },
    };
  }
}
