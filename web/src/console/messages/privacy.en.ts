/** Privacy on the customer page in English: export and erasure requests (issue 18, decision 031). */
export const privacyEn = {
  'privacy.heading': 'Privacy',
  'privacy.intro': 'What the customer may ask for: a copy of everything held about them, or its erasure. Every export is recorded in the audit log.',
  'privacy.download': 'Download their data (ZIP)',
  'privacy.viewPage': 'View as a page',
  'privacy.requestErasure': 'Request erasure',
  'privacy.requesting': 'Requesting…',
  'privacy.confirmRequest': 'Open an erasure request? An administrator checks the requester\'s identity (within 30 days), then the customer is erased everywhere. This cannot be undone.',
  'privacy.request': 'Erasure request {id}',
  'privacy.received': 'received {date}',
  'privacy.due': 'answer due {date}',
  'privacy.erasedOn': 'erased {date}',
  'privacy.status.identity_check': 'Identity check',
  'privacy.status.rejected': 'Refused',
  'privacy.status.erased': 'Erased',
  'privacy.status.confirmed': 'Erased and confirmed',
};
