// The one TARGET grammar of the CLI and the extension, as kubectl users write it: NAME, NAMESPACE/NAME,
// nimservice/NAME or pod/NAME, with `-n NAMESPACE` (or `--namespace`) where the TARGET names no namespace.

export class TargetSyntaxError extends Error {}

export interface Target {
  /** Undefined: the context's default namespace. */
  namespace?: string;
  kind: 'nimservice' | 'pod';
  name: string;
}

export const TARGET_FORMS = 'NAME, NAMESPACE/NAME, nimservice/NAME or pod/NAME (with -n NAMESPACE)';

const POD = /^(po|pods?)$/i;
const NIMSERVICE = /^nimservices?(\.apps\.nvidia\.com)?$/i;
const DNS_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** Reads TARGET; `namespace` is what -n said, if anything. */
export function parseTarget(text: string, namespace?: string): Target {
  const parts = text.trim().split('/');
  const bad = () => new TargetSyntaxError(`cannot read TARGET ${JSON.stringify(text)}: use ${TARGET_FORMS}`);
  if (parts.length > 2 || parts.some((p) => !p)) throw bad();
  const [first, second] = parts;
  const valid = second === undefined ? DNS_NAME.test(first) : (POD.test(first) || NIMSERVICE.test(first) || DNS_NAME.test(first)) && DNS_NAME.test(second);
  if (!valid) throw bad();
  if (parts.length === 1) return { namespace, kind: 'nimservice', name: parts[0] };
  if (POD.test(parts[0])) return { namespace, kind: 'pod', name: parts[1] };
  if (NIMSERVICE.test(parts[0])) return { namespace, kind: 'nimservice', name: parts[1] };
  if (namespace && namespace !== parts[0]) throw new TargetSyntaxError(`TARGET says namespace ${parts[0]} but -n says ${namespace}`);
  return { namespace: parts[0], kind: 'nimservice', name: parts[1] };
}

/** A TARGET typed on one line (the extension's input box): `pod/NAME -n NAMESPACE` reads as on the command line. */
export function parseTargetLine(line: string): Target {
  const words = line.trim().split(/\s+/).filter(Boolean);
  let namespace: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const flag = /^(-n|--namespace)(?:=(.*))?$/.exec(words[i]);
    if (!flag) rest.push(words[i]);
    else if (flag[2]) namespace = flag[2];
    else if (words[i + 1]) namespace = words[++i];
    else throw new TargetSyntaxError(`${words[i]} needs a namespace`);
  }
  if (rest.length !== 1) throw new TargetSyntaxError(`cannot read TARGET ${JSON.stringify(line.trim())}: use ${TARGET_FORMS}`);
  return parseTarget(rest[0], namespace);
}
