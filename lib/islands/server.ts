/**
 * Server side of islands: a Preact `options.vnode` hook (Fresh's approach)
 * wraps every registered island component in an `<odx-island>` marker that
 * carries its name and its props as JSON, and records which islands a render
 * used so the page can load exactly those bundles.
 *
 * @example
 * ```tsx
 * registerIslands({ SessionRuntime });
 * const { html, islands } = renderWithIslands(<Page />); // islands: ["SessionRuntime"]
 * ```
 */
import { type ComponentType, h, options, type VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import { Signal } from "@preact/signals";

const names = new Map<ComponentType<never>, string>();
let used: Set<string> | null = null;
let creatingInner = false;

export function registerIslands(registry: Record<string, ComponentType<never>>): void {
  for (const [name, component] of Object.entries(registry)) names.set(component, name);
}

/** Props must survive JSON; signals cross as their value and are listed so the client revives them. */
export function serializeProps(name: string, props: Record<string, unknown>) {
  const plain: Record<string, unknown> = {};
  const signals: string[] = [];
  for (const [key, value] of Object.entries(props)) {
    if (key === "children") {
      throw new Error(`Island ${name} cannot take children: they would not reach the browser`);
    }
    if (value instanceof Signal) {
      signals.push(key);
      plain[key] = value.peek();
    } else if (typeof value === "function") {
      throw new Error(`Island ${name} prop "${key}" is a function and cannot be serialized`);
    } else {
      plain[key] = value;
    }
  }
  return { props: JSON.stringify(plain), signals: JSON.stringify(signals) };
}

function IslandMarker(
  { __island: name, __component: component, ...props }: {
    __island: string;
    __component: ComponentType<Record<string, unknown>>;
  } & Record<string, unknown>,
) {
  used?.add(name);
  const serialized = serializeProps(name, props);
  creatingInner = true;
  let inner: VNode;
  try {
    inner = h(component, props);
  } finally {
    creatingInner = false;
  }
  return h("odx-island", {
    "data-island": name,
    "data-props": serialized.props,
    "data-signals": serialized.signals,
  }, inner);
}

const previousVnodeHook = options.vnode;
options.vnode = (vnode) => {
  if (!creatingInner && typeof vnode.type === "function") {
    const name = names.get(vnode.type as ComponentType<never>);
    if (name) {
      vnode.props = {
        ...vnode.props,
        __island: name,
        __component: vnode.type,
      } as typeof vnode.props;
      vnode.type = IslandMarker as ComponentType;
    }
  }
  previousVnodeHook?.(vnode);
};

/** Renders synchronously, so the module-level collector cannot see another request's islands. */
export function renderWithIslands(vnode: VNode): { html: string; islands: string[] } {
  const outer = used;
  used = new Set();
  try {
    const html = renderToString(vnode);
    return { html, islands: [...used] };
  } finally {
    used = outer;
  }
}
