import { parseCel, type CelExpr } from './celParser.js';

/** A rule that cannot be evaluated on this object (missing key, wrong type), as the API server would report it. */
export class CelEvalError extends Error {}

export type CelBindings = Record<string, unknown>;

const parsedCache = new Map<string, CelExpr>();

/** Parses (cached) and evaluates a rule against the bindings (`self`, `oldSelf`). */
export function evaluateCel(rule: string, bindings: CelBindings): unknown {
  let expr = parsedCache.get(rule);
  if (!expr) {
    expr = parseCel(rule);
    parsedCache.set(rule, expr);
  }
  return evaluate(expr, bindings);
}

/** Transition rules compare with the stored object, which a manifest on disk does not have. */
export function isTransitionRule(rule: string): boolean {
  return /\boldSelf\b/.test(rule);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function evaluate(expr: CelExpr, env: CelBindings): unknown {
  switch (expr.type) {
    case 'literal':
      return expr.value;
    case 'ident':
      if (!(expr.name in env)) throw new CelEvalError(`undeclared reference to '${expr.name}'`);
      return env[expr.name];
    case 'list':
      return expr.items.map((item) => evaluate(item, env));
    case 'select': {
      const target = evaluate(expr.target, env);
      if (!isObject(target)) throw new CelEvalError(`no such key: ${expr.field}`);
      if (!(expr.field in target) || target[expr.field] === undefined) throw new CelEvalError(`no such key: ${expr.field}`);
      return target[expr.field];
    }
    case 'index': {
      const target = evaluate(expr.target, env);
      const index = evaluate(expr.index, env);
      if (Array.isArray(target) && typeof index === 'number') {
        if (index < 0 || index >= target.length) throw new CelEvalError(`index out of bounds: ${index}`);
        return target[index];
      }
      if (isObject(target) && typeof index === 'string' && index in target) return target[index];
      throw new CelEvalError(`no such key: ${String(index)}`);
    }
    case 'unary': {
      const value = evaluate(expr.operand, env);
      if (expr.op === '!') return !asBool(value, '!');
      if (typeof value !== 'number') throw new CelEvalError(`no such overload: -${typeName(value)}`);
      return -value;
    }
    case 'ternary':
      return asBool(evaluate(expr.condition, env), '?:') ? evaluate(expr.then, env) : evaluate(expr.otherwise, env);
    case 'binary':
      return binary(expr, env);
    case 'call':
      return call(expr, env);
  }
}

function asBool(value: unknown, op: string): boolean {
  if (typeof value !== 'boolean') throw new CelEvalError(`no such overload: ${op} on ${typeName(value)}`);
  return value;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'map';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'double';
  return typeof value === 'boolean' ? 'bool' : typeof value;
}

/** CEL's && and || are commutative over errors: `false && error` is false whichever side fails. */
function logical(expr: { op: string; left: CelExpr; right: CelExpr }, env: CelBindings): boolean {
  const short = expr.op === '||';
  let leftError: unknown;
  try {
    if (asBool(evaluate(expr.left, env), expr.op) === short) return short;
  } catch (error) {
    leftError = error;
  }
  const right = asBool(evaluate(expr.right, env), expr.op);
  if (right === short) return short;
  if (leftError) throw leftError;
  return !short;
}

function binary(expr: Extract<CelExpr, { type: 'binary' }>, env: CelBindings): unknown {
  if (expr.op === '&&' || expr.op === '||') return logical(expr, env);
  const left = evaluate(expr.left, env);
  const right = evaluate(expr.right, env);
  switch (expr.op) {
    case '==':
      return deepEqual(left, right);
    case '!=':
      return !deepEqual(left, right);
    case 'in':
      if (Array.isArray(right)) return right.some((item) => deepEqual(item, left));
      if (isObject(right)) return typeof left === 'string' && left in right;
      throw new CelEvalError(`no such overload: in ${typeName(right)}`);
  }
  if (['<', '<=', '>', '>='].includes(expr.op)) {
    const comparable = (typeof left === 'number' && typeof right === 'number') || (typeof left === 'string' && typeof right === 'string');
    if (!comparable) throw new CelEvalError(`no such overload: ${typeName(left)} ${expr.op} ${typeName(right)}`);
    const l = left as number | string;
    const r = right as number | string;
    return expr.op === '<' ? l < r : expr.op === '<=' ? l <= r : expr.op === '>' ? l > r : l >= r;
  }
  if (expr.op === '+' && typeof left === 'string' && typeof right === 'string') return left + right;
  if (expr.op === '+' && Array.isArray(left) && Array.isArray(right)) return [...left, ...right];
  if (typeof left !== 'number' || typeof right !== 'number') throw new CelEvalError(`no such overload: ${typeName(left)} ${expr.op} ${typeName(right)}`);
  if ((expr.op === '/' || expr.op === '%') && right === 0) throw new CelEvalError('division by zero');
  const bothInt = Number.isInteger(left) && Number.isInteger(right);
  switch (expr.op) {
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '*':
      return left * right;
    case '/':
      return bothInt ? Math.trunc(left / right) : left / right;
    default:
      return left % right;
  }
}

function call(expr: Extract<CelExpr, { type: 'call' }>, env: CelBindings): unknown {
  if (expr.name === 'has' && !expr.target) {
    const arg = expr.args[0];
    if (expr.args.length !== 1 || arg.type !== 'select') throw new CelEvalError('has() needs a field selection like has(self.field)');
    const target = evaluate(arg.target, env);
    if (!isObject(target)) throw new CelEvalError(`no such overload: has() on ${typeName(target)}`);
    return arg.field in target && target[arg.field] !== undefined;
  }
  const receiver = expr.target ? evaluate(expr.target, env) : undefined;
  const args = expr.args.map((a) => evaluate(a, env));
  const subject = expr.target ? receiver : args.shift();
  switch (expr.name) {
    case 'size':
      if (typeof subject === 'string') return [...subject].length;
      if (Array.isArray(subject)) return subject.length;
      if (isObject(subject)) return Object.keys(subject).length;
      break;
    case 'startsWith':
    case 'endsWith':
    case 'contains':
    case 'matches': {
      const [arg] = args;
      if (typeof subject !== 'string' || typeof arg !== 'string') break;
      if (expr.name === 'matches') return new RegExp(arg, 'u').test(subject);
      return expr.name === 'contains' ? subject.includes(arg) : expr.name === 'startsWith' ? subject.startsWith(arg) : subject.endsWith(arg);
    }
  }
  throw new CelEvalError(`no such overload: ${expr.name}(${typeName(subject)})`);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}
