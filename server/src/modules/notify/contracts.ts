import { z } from "zod";

export const channel = z.enum(["in_app", "email", "sms", "webhook"]);

export const notificationView = z.object({
  id: z.uuid(),
  type: z.string(),
  title: z.string(),
  message: z.string(),
  data: z.record(z.string(), z.unknown()),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});

export const listQuery = z.object({
  unread: z
    .enum(["true", "false", "1", "0"])
    .optional()
    .transform((v) => v === "true" || v === "1"),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

export const listResponse = z.object({
  notifications: z.array(notificationView),
  unreadCount: z.number().int(),
});

export const idParams = z.object({ id: z.uuid() });

export const preference = z.object({
  type: z.string().regex(/^(\*|[a-z0-9_.-]{1,64})$/, "must be '*' or a notification type (a-z, 0-9, _ . -)"),
  channel,
  enabled: z.boolean(),
});

export const preferencesBody = z.object({ preferences: z.array(preference).min(1).max(100) });
export const preferencesResponse = z.object({
  preferences: z.array(preference),
  defaults: z.record(z.string(), z.boolean()),
});
