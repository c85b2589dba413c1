import { stringify } from 'yaml';
import { ProtoWriter } from './protoWriter.js';

/**
 * Encodes a Swagger 2.0 document (as the JSON the simulator builds) in the protobuf form kubectl and client-go ask
 * for (`application/com.github.proto-openapi.spec.v2@v1.0+protobuf`, gnostic's openapi_v2.Document). Covers what
 * the simulator's document uses: definitions, paths with operations, parameters, responses and vendor extensions.
 */
type Json = Record<string, any>;

const anyYaml = (w: ProtoWriter, field: number, value: unknown) => w.message(field, (a) => a.string(2, stringify(value).replace(/\n$/, '')));

function vendorExtensions(w: ProtoWriter, field: number, node: Json): void {
  for (const [name, value] of Object.entries(node)) {
    if (!name.startsWith('x-')) continue;
    w.message(field, (n) => {
      n.string(1, name);
      anyYaml(n, 2, value);
    });
  }
}

export function writeSchema(w: ProtoWriter, s: Json): void {
  w.string(1, s.$ref);
  w.string(2, s.format);
  w.string(3, s.title);
  w.string(4, typeof s.description === 'string' ? s.description : undefined);
  if (s.default !== undefined) anyYaml(w, 5, s.default);
  if (typeof s.multipleOf === 'number') w.double(6, s.multipleOf);
  if (typeof s.maximum === 'number') w.double(7, s.maximum);
  w.bool(8, s.exclusiveMaximum === true);
  if (typeof s.minimum === 'number') w.double(9, s.minimum);
  w.bool(10, s.exclusiveMinimum === true);
  w.int64(11, s.maxLength);
  w.int64(12, s.minLength);
  w.string(13, s.pattern);
  w.int64(14, s.maxItems);
  w.int64(15, s.minItems);
  w.bool(16, s.uniqueItems === true);
  w.int64(17, s.maxProperties);
  w.int64(18, s.minProperties);
  if (Array.isArray(s.required)) w.strings(19, s.required);
  if (Array.isArray(s.enum)) for (const e of s.enum) anyYaml(w, 20, e);
  if (s.additionalProperties !== undefined) {
    w.message(21, (a) => {
      if (typeof s.additionalProperties === 'boolean') a.bool(2, s.additionalProperties);
      else a.message(1, (x) => writeSchema(x, s.additionalProperties));
    });
  }
  if (typeof s.type === 'string') w.message(22, (t) => t.strings(1, [s.type]));
  if (s.items && typeof s.items === 'object' && !Array.isArray(s.items)) w.message(23, (i) => i.message(1, (x) => writeSchema(x, s.items)));
  if (Array.isArray(s.allOf)) for (const part of s.allOf) w.message(24, (x) => writeSchema(x, part));
  if (s.properties && typeof s.properties === 'object') {
    w.message(25, (p) => {
      for (const [name, child] of Object.entries(s.properties as Json)) p.message(1, (n) => n.string(1, name).message(2, (x) => writeSchema(x, child)));
    });
  }
  w.bool(27, s.readOnly === true);
  vendorExtensions(w, 31, s);
}

function writeParameter(w: ProtoWriter, p: Json): void {
  if (p.$ref) return void w.message(2, (r) => r.string(1, p.$ref));
  w.message(1, (param) => {
    if (p.in === 'body') {
      param.message(1, (b) => b.string(1, p.description).string(2, p.name).string(3, p.in).bool(4, p.required).message(5, (x) => writeSchema(x, p.schema ?? {})));
    } else {
      const field = p.in === 'path' ? 4 : p.in === 'header' ? 1 : 3;
      param.message(2, (nb) =>
        nb.message(field, (q) => {
          q.bool(1, p.required).string(2, p.in).string(3, p.description).string(4, p.name);
          // path and header sub-schemas have no allow_empty_value, so their type is field 5, not 6
          if (field === 3) q.string(6, p.type).bool(20, p.uniqueItems);
          else q.string(5, p.type).bool(19, p.uniqueItems);
        }),
      );
    }
  });
}

function writeOperation(w: ProtoWriter, op: Json): void {
  w.strings(1, op.tags);
  w.string(3, op.description);
  w.string(5, op.operationId);
  w.strings(6, op.produces);
  w.strings(7, op.consumes);
  for (const p of op.parameters ?? []) w.message(8, (x) => writeParameter(x, p));
  w.message(9, (r) => {
    for (const [code, response] of Object.entries((op.responses ?? {}) as Json)) {
      r.message(1, (n) =>
        n.string(1, code).message(2, (v) =>
          v.message(1, (resp) => {
            resp.string(1, response.description);
            if (response.schema) resp.message(2, (si) => si.message(1, (x) => writeSchema(x, response.schema)));
          }),
        ),
      );
    }
  });
  w.strings(10, op.schemes);
  vendorExtensions(w, 13, op);
}

const methods: Array<[string, number]> = [['get', 2], ['put', 3], ['post', 4], ['delete', 5], ['options', 6], ['head', 7], ['patch', 8]];

export function encodeSwaggerDocument(doc: Json): Buffer {
  const w = new ProtoWriter();
  w.string(1, doc.swagger);
  w.message(2, (info) => info.string(1, doc.info?.title).string(2, doc.info?.version));
  w.message(8, (paths) => {
    for (const [path, item] of Object.entries((doc.paths ?? {}) as Json)) {
      paths.message(2, (n) =>
        n.string(1, path).message(2, (pi) => {
          for (const [method, field] of methods) if (item[method]) pi.message(field, (op) => writeOperation(op, item[method]));
          for (const p of item.parameters ?? []) pi.message(9, (x) => writeParameter(x, p));
        }),
      );
    }
  });
  w.message(9, (defs) => {
    for (const [name, schema] of Object.entries((doc.definitions ?? {}) as Json)) defs.message(1, (n) => n.string(1, name).message(2, (x) => writeSchema(x, schema)));
  });
  return w.finish();
}
