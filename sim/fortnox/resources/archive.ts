// /3/archive (file upload, multipart field `file`) and /3/articlefileconnections (image ↔ article).
import express, { type Router } from 'express';
import { errors } from '../errors';
import { ctxOf, paginate, param, queryValue, url, type Ctx } from '../http';
import type { FortnoxSim } from '../sim';
import type { Tenant } from '../tenant';
import type { JsonObject, Rec } from '../types';
import { uuid } from '../util';
import { rootObject, str, validateFields } from '../validation';

export interface UploadedPart {
  filename: string;
  contentType: string;
  data: Buffer;
}

/** Minimal multipart/form-data reader: finds the part named `field` (enough for Fortnox's single-file upload). */
export function parseMultipart(body: Buffer, contentTypeHeader: string, field: string): UploadedPart | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentTypeHeader);
  if (!m) return undefined;
  const boundary = Buffer.from(`--${(m[1] ?? m[2]).trim()}`);
  let pos = body.indexOf(boundary);
  while (pos >= 0) {
    const start = pos + boundary.length;
    if (body.subarray(start, start + 2).toString() === '--') return undefined;
    const headerEnd = body.indexOf('\r\n\r\n', start);
    if (headerEnd < 0) return undefined;
    const headers = body.subarray(start, headerEnd).toString('utf8');
    const next = body.indexOf(boundary, headerEnd + 4);
    if (next < 0) return undefined;
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    if (name === field) {
      return {
        filename: /filename="([^"]*)"/i.exec(headers)?.[1] ?? 'file',
        contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream',
        data: body.subarray(headerEnd + 4, next - 2), // strip the CRLF before the boundary
      };
    }
    pos = next;
  }
  return undefined;
}

const fileFull = (ctx: Pick<Ctx, 'base'>, meta: Rec): JsonObject => ({ '@url': url(ctx, 'archive', String(meta.Id)), ...meta });

export function storeFile(t: Tenant, part: UploadedPart, folder: string): Rec {
  const id = uuid();
  const meta: Rec = {
    Comments: null,
    Id: id,
    Name: part.filename,
    Path: folder ? `${folder}/${part.filename}` : part.filename,
    Size: part.data.length,
  };
  t.files.set(id, { meta, data: Buffer.from(part.data), contentType: part.contentType });
  return meta;
}

export function archiveRouter(sim: FortnoxSim): Router {
  const r = express.Router();
  r.post('/', express.raw({ type: 'multipart/form-data', limit: '25mb' }), (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const part = parseMultipart(body, req.get('content-type') ?? '', 'file');
    if (!part) throw errors.noFileInUpload();
    const meta = storeFile(ctx.tenant, part, queryValue(req, 'path') ?? '');
    res.status(201).json({ File: fileFull(ctx, meta) });
  });
  r.get('/', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    res.json({
      Folder: {
        '@url': `${ctx.base}/3/archive`,
        Email: null,
        Files: [...ctx.tenant.files.values()].map((f) => fileFull(ctx, f.meta)),
        Folders: [],
        Id: 'root',
        Name: 'root',
      },
    });
  });
  r.get('/:id', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const f = ctx.tenant.files.get(param(req, 'id'));
    if (!f) throw errors.fileNotFound();
    res.status(200).type(f.contentType).send(f.data);
  });
  r.delete('/:id', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const id = param(req, 'id');
    if (!ctx.tenant.files.delete(id)) throw errors.fileNotFound();
    ctx.tenant.fileConnections.delete(id);
    res.status(204).end();
  });
  return r;
}

const connectionFull = (ctx: Pick<Ctx, 'base'>, c: Rec): JsonObject => ({
  '@url': url(ctx, 'articlefileconnections', String(c.FileId)),
  FileId: c.FileId,
  ArticleNumber: c.ArticleNumber,
});

export function connectFile(t: Tenant, body: Record<string, unknown>): Rec {
  const v = validateFields(body, { FileId: str(100, { anyChars: true }), ArticleNumber: str(50, { anyChars: true }) }, 'create');
  if (typeof v.FileId !== 'string' || !v.FileId) throw errors.required('FileId');
  if (typeof v.ArticleNumber !== 'string' || !v.ArticleNumber) throw errors.required('ArticleNumber');
  if (!t.files.has(v.FileId)) throw errors.fileNotFoundOnWrite(v.FileId);
  if (!t.articles.has(v.ArticleNumber)) throw errors.articleNotFoundOnWrite();
  if (t.fileConnections.has(v.FileId)) throw errors.alreadyExists(`Filkopplingen för ${v.FileId}`);
  const c: Rec = { FileId: v.FileId, ArticleNumber: v.ArticleNumber };
  t.fileConnections.set(v.FileId, c);
  return c;
}

export function fileConnectionsRouter(sim: FortnoxSim): Router {
  const r = express.Router();
  r.get('/', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const article = queryValue(req, 'articlenumber');
    // Exact match here: the parameter selects one article's connections rather than searching.
    const list = [...ctx.tenant.fileConnections.values()].filter((c) => !article || c.ArticleNumber === article);
    res.json(paginate(req, list, 'ArticleFileConnections', (c) => connectionFull(ctx, c)));
  });
  r.get('/:fileId', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const c = ctx.tenant.fileConnections.get(param(req, 'fileId'));
    if (!c) throw errors.fileNotFound();
    res.json({ ArticleFileConnection: connectionFull(ctx, c) });
  });
  r.post('/', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    const c = connectFile(ctx.tenant, rootObject(req.body, 'ArticleFileConnection'));
    res.status(201).json({ ArticleFileConnection: connectionFull(ctx, c) });
  });
  r.delete('/:fileId', (req, res) => {
    const ctx = ctxOf(sim, req, res);
    if (!ctx.tenant.fileConnections.delete(param(req, 'fileId'))) throw errors.fileNotFound();
    res.status(204).end();
  });
  return r;
}
