/**
 * What other modules use from communications. Call these inside your own transaction:
 * the message exists exactly when your decision is committed.
 */
export { enqueueMessage, enqueueMessages, messageKey } from './outbox/enqueue.ts';
export type { MessageRequest, BulkMessageRequest, EnqueuedMessage, EnqueueSummary, CustomerChannel } from './outbox/enqueue.ts';
export { serviceRoutes, MESSAGE_KINDS, type MessageKind, type ServiceRoute } from './outbox/consent-rule.ts';
export { enqueueWebhook } from './outbox/enqueue-webhook.ts';
export type { WebhookRequest } from './outbox/enqueue-webhook.ts';
export { enqueueContactMessages, contactMessageKey, type ContactRecipient, type ContactMessagesRequest, type ContactEnqueueSummary, type EnqueuedContactMessage } from './outbox/enqueue-contacts.ts';
export { declareTemplateKey } from './templates/template-keys.sql.ts';
export { installShippedTemplate } from './templates/templates.sql.ts';
export type { TemplateKey, VariableDeclaration } from './templates/template-keys.sql.ts';
export { estimateSend } from './outbox/estimate.ts';
export { messageCountsAbout, type ResourceMessageCount } from './outbox/campaign-stats.ts';
export { messagesAboutResource, dueOutboxBacklog, type ResourceMessage } from './outbox/messages.sql.ts';
export { verifyWebhook, signWebhook } from './channels/webhook-signature.ts';
export { acceptFormBodies } from './pages/form-body.ts';
export { ensureDefaultTemplates } from './templates/default-templates.ts';
export { marketingMessagesSince } from './outbox/contact-frequency.ts';
