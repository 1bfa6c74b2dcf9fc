/**
 * The customer behind a delay and the channel a delay message may take, shared by the delay
 * notices and the apology on delivery so both ask the same question: e-mail unless the
 * customer refused it, else SMS unless refused; NULL when neither is possible (shown, never guessed).
 */
export const DELAY_MESSAGE_CHANNEL = `CASE WHEN c.email IS NOT NULL AND ce.granted IS NOT FALSE THEN 'email'
                 WHEN c.phone IS NOT NULL AND cs.granted IS NOT FALSE THEN 'sms' END`;

/** From a delay (`d`) to its shipment (`s`), order (`o`), customer (`c`) and their e-mail and SMS consents. */
export const DELAY_CUSTOMER_JOINS = `FROM delivery_delays d
     JOIN shipments s ON s.id = d.shipment_id
     JOIN orders o ON o.id = s.order_id
     JOIN customers c ON c.id = o.customer_id
     LEFT JOIN customer_consents ce ON ce.customer_id = c.id AND ce.channel = 'email'
     LEFT JOIN customer_consents cs ON cs.customer_id = c.id AND cs.channel = 'sms'`;
