/**
 * Parser for the part of CEL that CRD `x-kubernetes-validations` rules use: literals, `self`/`oldSelf`,
 * field selection, indexing, calls (`has`, `size`, string methods), unary `!`/`-`, arithmetic,
 * comparisons, `in`, `&&`, `||` and `?:`. Anything else is a CelSyntaxError naming the position.
 */
export type CelExpr =
  | { type: 'literal'; value: unknown }
  | { type: 'ident'; name: string }
  | { type: 'select'; target: CelExpr; field: string }
  | { type: 'index'; target: CelExpr; index: CelExpr }
  | { type: 'call'; name: string; target?: CelExpr; args: CelExpr[] }
  | { type: 'unary'; op: '!' | '-'; operand: CelExpr }
  | { type: 'binary'; op: string; left: CelExpr; right: CelExpr }
  | { type: 'ternary'; condition: CelExpr; then: CelExpr; otherwise: CelExpr }
  | { type: 'list'; items: CelExpr[] };

export class CelSyntaxError extends Error {}

interface Token {
  kind: 'num' | 'str' | 'ident' | 'op' | 'end';
  text: string;
  value?: unknown;
  pos: number;
}

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '+', '-', '*', '/', '%', '?', ':', '.', ',', '(', ')', '[', ']'];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (/[0-9]/.test(c)) {
      const m = /^(\d+\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+|0x[0-9a-fA-F]+|\d+)u?/.exec(source.slice(i))!;
      tokens.push({ kind: 'num', text: m[0], value: Number(m[1]), pos: start });
      i += m[0].length;
    } else if (c === '"' || c === "'") {
      let value = '';
      i++;
      while (i < source.length && source[i] !== c) {
        if (source[i] === '\\') {
          const next = source[i + 1];
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : next;
          i += 2;
        } else value += source[i++];
      }
      if (i >= source.length) throw new CelSyntaxError(`unterminated string starting at ${start}`);
      i++;
      tokens.push({ kind: 'str', text: source.slice(start, i), value, pos: start });
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))!;
      tokens.push({ kind: 'ident', text: m[0], pos: start });
      i += m[0].length;
    } else {
      const op = OPERATORS.find((o) => source.startsWith(o, i));
      if (!op) throw new CelSyntaxError(`unexpected character '${c}' at ${i}`);
      tokens.push({ kind: 'op', text: op, pos: start });
      i += op.length;
    }
  }
  tokens.push({ kind: 'end', text: '', pos: source.length });
  return tokens;
}

const BINARY_LEVELS: string[][] = [['||'], ['&&'], ['==', '!=', '<', '<=', '>', '>=', 'in'], ['+', '-'], ['*', '/', '%']];

export function parseCel(source: string): CelExpr {
  const tokens = tokenize(source);
  let position = 0;
  const peek = () => tokens[position];
  const next = () => tokens[position++];
  const isOp = (text: string) => {
    const t = peek();
    return (t.kind === 'op' || (t.kind === 'ident' && text === 'in')) && t.text === text;
  };
  const expect = (text: string) => {
    if (!isOp(text)) throw new CelSyntaxError(`expected '${text}' at ${peek().pos}, found '${peek().text || 'end'}'`);
    next();
  };

  function expression(): CelExpr {
    const condition = binary(0);
    if (!isOp('?')) return condition;
    next();
    const then = expression();
    expect(':');
    return { type: 'ternary', condition, then, otherwise: expression() };
  }

  function binary(level: number): CelExpr {
    if (level === BINARY_LEVELS.length) return unary();
    let left = binary(level + 1);
    while (BINARY_LEVELS[level].some(isOp)) {
      const op = next().text;
      left = { type: 'binary', op, left, right: binary(level + 1) };
    }
    return left;
  }

  function unary(): CelExpr {
    if (isOp('!') || isOp('-')) {
      const op = next().text as '!' | '-';
      return { type: 'unary', op, operand: unary() };
    }
    return member();
  }

  function args(): CelExpr[] {
    expect('(');
    const out: CelExpr[] = [];
    while (!isOp(')')) {
      out.push(expression());
      if (!isOp(')')) expect(',');
    }
    next();
    return out;
  }

  function member(): CelExpr {
    let expr = primary();
    for (;;) {
      if (isOp('.')) {
        next();
        const name = next();
        if (name.kind !== 'ident') throw new CelSyntaxError(`expected a field name at ${name.pos}`);
        expr = isOp('(') ? { type: 'call', name: name.text, target: expr, args: args() } : { type: 'select', target: expr, field: name.text };
      } else if (isOp('[')) {
        next();
        const index = expression();
        expect(']');
        expr = { type: 'index', target: expr, index };
      } else return expr;
    }
  }

  function primary(): CelExpr {
    const token = next();
    if (token.kind === 'num' || token.kind === 'str') return { type: 'literal', value: token.value };
    if (token.kind === 'ident') {
      if (token.text === 'true' || token.text === 'false') return { type: 'literal', value: token.text === 'true' };
      if (token.text === 'null') return { type: 'literal', value: null };
      if (isOp('(')) return { type: 'call', name: token.text, args: args() };
      return { type: 'ident', name: token.text };
    }
    if (token.text === '(') {
      const inner = expression();
      expect(')');
      return inner;
    }
    if (token.text === '[') {
      const items: CelExpr[] = [];
      while (!isOp(']')) {
        items.push(expression());
        if (!isOp(']')) expect(',');
      }
      next();
      return { type: 'list', items };
    }
    throw new CelSyntaxError(`unexpected '${token.text || 'end of rule'}' at ${token.pos}`);
  }

  const result = expression();
  if (peek().kind !== 'end') throw new CelSyntaxError(`unexpected '${peek().text}' at ${peek().pos}`);
  return result;
}
