/**
 * Variables every template may use besides the ones its key declares: who the message is
 * for and the links Rebound adds itself. Filled from the customer row when a message is sent.
 */
export const STANDARD_VARIABLES: Record<string, { description: string; sample: string }> = {
  'customer.name': { description: "The customer's name", sample: 'Anna Svensson' },
  'customer.email': { description: "The customer's e-mail address", sample: 'anna@example.com' },
  'customer.phone': { description: "The customer's phone number", sample: '+46701234567' },
  unsubscribe_url: { description: 'The link that opts the customer out of this channel (marketing)', sample: 'https://example.com/comms/unsubscribe/…' },
  preferences_url: { description: 'The link where the customer chooses how we may contact them (safety notices, instead of an unsubscribe)', sample: 'https://example.com/comms/unsubscribe/…' },
};

export interface CustomerFacts {
  name: string;
  email: string | null;
  phone: string | null;
}

/** The preferences link is the signed opt-out page too: there the customer says, per channel, what they accept. */
export function standardValues(customer: CustomerFacts, unsubscribeUrl: string): Record<string, unknown> {
  return { customer: { name: customer.name, email: customer.email ?? '', phone: customer.phone ?? '' }, unsubscribe_url: unsubscribeUrl, preferences_url: unsubscribeUrl };
}
