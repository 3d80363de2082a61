import { ZodError } from 'zod';

/** An error that becomes `{"code": status, "error": message}`, the real API's error shape. */
export class SimError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'SimError';
  }
}

/** SimError as is; a zod validation failure as a 400 naming the fields; anything else null (a bug: 500). */
export function asSimError(err: unknown): SimError | null {
  if (err instanceof SimError) return err;
  if (err instanceof ZodError) {
    const detail = err.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    return new SimError(400, `Invalid request: ${detail}`);
  }
  return null;
}
