// /openapi.json is a valid OpenAPI 3 document and describes exactly the routes the app mounts (both ways).
import request from 'supertest';
import { createApiDeps, createApp } from '../../src/api/app';
import { createCoreDeps } from '../../src/deps';
import { testConfig } from '../helpers/stack';
import { PAGE_PREFIX } from '../../src/web/router';

const config = testConfig();
const deps = createApiDeps(config, createCoreDeps(config, 'test-api-openapi', 2));
const app = createApp(deps);
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

afterAll(async () => {
  await deps.temporal.connection.close();
  await deps.db.destroy();
});

type Json = Record<string, any>;
let doc: Json;
beforeAll(async () => {
  const res = await request(app).get('/openapi.json').expect(200); // public
  expect(res.headers['content-type']).toMatch(/application\/json/);
  doc = res.body;
});

/** "METHOD /path/{param}" for every route in the app's router stack (routers mounted at the root or a prefix). */
function mountedRoutes(): string[] {
  const out: string[] = [];
  const walk = (stack: any[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths: string[] = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const p of paths) {
          for (const [method, on] of Object.entries(layer.route.methods as Record<string, boolean>)) {
            if (on && method !== '_all') out.push(`${method.toUpperCase()} ${(prefix + p).replace(/:(\w+)/g, '{$1}')}`);
          }
        }
      } else if (layer.handle?.stack) {
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk((app as any).router.stack, '');
  return out.sort();
}

function documentedRoutes(): string[] {
  const out: string[] = [];
  for (const [path, item] of Object.entries(doc.paths as Json)) {
    for (const method of Object.keys(item)) if (METHODS.includes(method)) out.push(`${method.toUpperCase()} ${path}`);
  }
  return out.sort();
}

describe('OpenAPI document', () => {
  it('has the structure of OpenAPI 3', () => {
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(Object.keys(doc.paths).length).toBeGreaterThan(20);
    for (const [path, item] of Object.entries(doc.paths as Json)) {
      expect(path.startsWith('/')).toBe(true);
      const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(item as Json)) {
        expect(METHODS).toContain(method);
        expect(Object.keys(op.responses ?? {}).length).toBeGreaterThan(0);
        for (const [status, response] of Object.entries(op.responses as Json)) {
          expect(status).toMatch(/^([1-5]\d\d|default)$/);
          expect(response.$ref ?? response.description).toEqual(expect.any(String));
        }
        // Every {param} of the path is declared as a required path parameter, and nothing else is.
        const declared = (op.parameters ?? []).filter((p: Json) => p.in === 'path');
        expect(declared.map((p: Json) => p.name).sort()).toEqual([...params].sort());
        expect(declared.every((p: Json) => p.required === true)).toBe(true);
        for (const p of op.parameters ?? []) expect(['path', 'query', 'header', 'cookie']).toContain(p.in);
        for (const s of op.security ?? []) for (const name of Object.keys(s)) expect(doc.components.securitySchemes[name]).toBeDefined();
      }
    }
  });

  it('resolves every $ref', () => {
    const refs: string[] = [];
    const collect = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if (k === '$ref' && typeof v === 'string') refs.push(v);
          else collect(v);
        }
      }
    };
    collect(doc);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of new Set(refs)) {
      expect(ref.startsWith('#/')).toBe(true);
      const target = ref
        .slice(2)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce<any>((node, key) => (node === undefined ? undefined : node[key]), doc);
      if (target === undefined) throw new Error(`unresolved $ref ${ref}`);
    }
  });

  it('matches the mounted routes both ways', () => {
    // The merchant page (HTML for browsers, under PAGE_PREFIX) is not part of the JSON API the document describes.
    const isPage = (r: string) => r.split(' ')[1]!.startsWith(PAGE_PREFIX);
    const mounted = mountedRoutes().filter((r) => !isPage(r));
    expect(documentedRoutes().filter(isPage)).toEqual([]);
    const documented = documentedRoutes();
    expect(mounted.length).toBeGreaterThan(20);
    expect({ undocumented: mounted.filter((r) => !documented.includes(r)) }).toEqual({ undocumented: [] });
    expect({ notMounted: documented.filter((r) => !mounted.includes(r)) }).toEqual({ notMounted: [] });
  });
});
