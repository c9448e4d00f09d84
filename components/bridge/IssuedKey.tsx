/** A device key just issued: shown once, in the response to the form post, never again. */
export function IssuedKey({ deviceName, apiKey }: { deviceName: string; apiKey: string }) {
  return (
    <section
      class="mb-6 rounded-xl bg-amber-50 p-5 ring-1 ring-amber-200"
      aria-labelledby="issued-key"
    >
      <h2 id="issued-key" class="text-base font-semibold text-amber-900">
        API key for {deviceName}
      </h2>
      <p class="mt-1 text-sm text-amber-800">
        Copy it now: it is shown only this once. If it is lost, regenerate it.
      </p>
      <label for="api-key" class="sr-only">API key</label>
      <input
        id="api-key"
        readOnly
        value={apiKey}
        data-api-key
        class="mt-3 block w-full select-all rounded-lg border border-amber-300 bg-white px-3 py-2.5 font-mono text-sm text-slate-900"
      />
      <p class="mt-3 text-sm text-amber-900">
        On the chairside PC, put it in the bridge's config file as <code>apiKey</code>{" "}
        and start it with <code class="break-all">deno task bridge --config bridge.json</code>.
      </p>
    </section>
  );
}
