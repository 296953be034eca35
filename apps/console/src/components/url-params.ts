/** The named parameters of the page's URL that have a value: a search kept in the URL survives a reload. */
export function paramsOf<Name extends string>(
  params: URLSearchParams,
  names: readonly Name[],
): Partial<Record<Name, string>> {
  const found: Partial<Record<Name, string>> = {};
  for (const name of names) {
    const value = params.get(name);
    if (value) found[name] = value;
  }
  return found;
}

/** The named fields of a submitted form that were filled in, as the URL's parameters. */
export function formParams(form: HTMLFormElement, names: readonly string[], into = new URLSearchParams()) {
  const data = new FormData(form);
  for (const name of names) {
    const value = String(data.get(name) ?? '').trim();
    if (value !== '') into.set(name, value);
  }
  return into;
}
