import { z } from '@hono/zod-openapi';

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'invalid_input' }),
      message: z.string().openapi({ example: '请求参数不正确：PORT 必须是整数' }),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');
