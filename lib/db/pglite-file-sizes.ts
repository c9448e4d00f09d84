/**
 * PGlite's data directory on disk, with each file's size remembered until the
 * file changes.
 *
 * Postgres asks for a relation's size (a seek to the end of its file) each
 * time it plans or scans it. PGlite reaches the disk through Emscripten's
 * NODEFS, where that seek is an `fstatSync` through `node:fs`, and in Deno each
 * one builds a whole `Stats` object: some thirty per dashboard request, about
 * a fifth of the request's CPU on the embedded database. The directory is
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
  const stream = NODEFS.stream_ops;
  const node = NODEFS.node_ops;
  const { open, llseek, write, setattr } = stream;
  const nodeSetattr = node.setattr;
  // Opening may truncate (O_TRUNC) without a setattr.
  stream.open = (s) => {
    sizes.delete(s.node);
    open(s);
  };
  stream.write = (s, ...rest) => {
    try {
      return write(s, ...rest);
    } finally {
      sizes.delete(s.node);
    }
  };
  stream.setattr = (s, attr) => {
    try {
      setattr(s, attr);
    } finally {
      sizes.delete(s.node);
    }
  };
  node.setattr = (n, attr) => {
    try {
      nodeSetattr(n, attr);
    } finally {
      sizes.delete(n);
    }
  };
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
