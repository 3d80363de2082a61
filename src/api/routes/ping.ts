import { Router } from 'express';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ApiDeps } from '../app';
import { requireAdmin } from '../auth';
import { HttpError } from '../http-error';

const pingBody = z.object({ shopId: z.string().min(1).max(100), note: z.string().max(500).default('ping'), delayMs: z.number().int().min(0).max(600_000).optional() }).strict();

/** Wiring proof for operators: start a workflow whose activity writes to PostgreSQL, then read its status. */
export function pingRouter(deps: ApiDeps): Router {
  const router = Router();
  router.post('/admin/ping', requireAdmin(deps), async (req, res) => {
    const body = pingBody.parse(req.body);
    const workflowId = `ping:${body.shopId}:${randomUUID()}`;
    await deps.temporal.workflow.start('pingWorkflow', {
      taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
      workflowId,
      args: [body],
    });
    res.status(202).json({ workflowId });
  });
  router.get('/admin/ping/:workflowId', requireAdmin(deps), async (req, res) => {
    const workflowId = String(req.params.workflowId);
    if (!workflowId.startsWith('ping:')) throw new HttpError(404, 'no such ping workflow');
    const description = await deps.temporal.workflow.getHandle(workflowId).describe().catch(() => {
      throw new HttpError(404, `workflow ${workflowId} not found`);
    });
    const status = description.status.name === 'COMPLETED' ? 'completed' : description.status.name.toLowerCase();
    res.json({ workflowId, status });
  });
  return router;
}
