/**
 * What a recall hits, as SQL fragments shared by the impact preview, activation and the
 * dashboard, so that all three always agree. `$1` is the recall id.
 */

/** Lots of the recalled products that match any criterion (lot list, range, date windows). */
export const AFFECTED_LOTS_CTE = `affected_lots AS (
  SELECT DISTINCT l.id, l.product_id, l.lot_code, l.produced_on, l.expires_on, l.quantity_produced
  FROM recall_criteria c
  JOIN lots l ON l.product_id = c.product_id
  WHERE c.recall_id = $1 AND (
       c.kind = 'all_lots'
    OR (c.kind = 'lots' AND l.lot_code = ANY (c.lot_codes))
    -- Lot codes compare as plain bytes (COLLATE "C") so a range means the same on every server.
    OR (c.kind = 'lot_range' AND l.lot_code >= c.lot_from COLLATE "C" AND l.lot_code <= c.lot_to COLLATE "C")
    OR (c.kind = 'produced_between' AND l.produced_on BETWEEN c.date_from AND c.date_to)
    OR (c.kind = 'expires_between' AND l.expires_on BETWEEN c.date_from AND c.date_to)
  )
)`;

/** Serialised units named one by one (electronics), whatever their lot. */
export const AFFECTED_SERIALS_CTE = `affected_serials AS (
  SELECT DISTINCT c.product_id, s.serial
  FROM recall_criteria c, unnest(c.serials) AS s(serial)
  WHERE c.recall_id = $1 AND c.kind = 'serials'
)`;

/**
 * Purchase lines of affected lots or serials, limited to the recall's regions when it has
 * any (store sales by the store's region, online sales by the customer's region).
 *
 * The lines are found through the lot and serial indexes, as two index scans: one
 * condition `lot_id IN (…) OR (product_id, serial) IN (…)` cannot use either index, and at
 * ten million lines that was a sequential scan of the lines and a hash of every order
 * (15 s where the index scans take well under one). The customer is looked up only when
 * the recall names regions.
 */
export const AFFECTED_LINES_CTE = `${AFFECTED_LOTS_CTE},
${AFFECTED_SERIALS_CTE},
recall_regions AS (SELECT regions FROM recalls WHERE id = $1),
affected_lines AS (
  SELECT ol.id, ol.order_id, ol.product_id, ol.lot_id, ol.serial, ol.quantity, ol.unit_price_minor, ol.currency,
         o.customer_id, o.location_id, o.channel, o.ordered_at
  FROM (
    SELECT l.* FROM order_lines l WHERE l.lot_id IN (SELECT id FROM affected_lots)
    UNION ALL
    -- A serial of an affected lot is already in the first half.
    SELECT l.* FROM order_lines l JOIN affected_serials s ON s.product_id = l.product_id AND s.serial = l.serial
    WHERE l.lot_id IS NULL OR l.lot_id NOT IN (SELECT id FROM affected_lots)
  ) ol
  JOIN orders o ON o.id = ol.order_id
  LEFT JOIN locations loc ON loc.id = o.location_id
  CROSS JOIN recall_regions rr
  WHERE CASE WHEN cardinality(rr.regions) = 0 THEN true
             ELSE coalesce(loc.region, (SELECT cu.region FROM customers cu WHERE cu.id = o.customer_id)) = ANY (rr.regions) END
)`;

/**
 * Issue 16.3/R3: purchase lines that MAY be affected — a recalled product bought on a line
 * where the till recorded neither lot nor serial — in the recall's regions, by customers who
 * are not certainly affected (those get the certain notice, which already covers them).
 * Never compensated on this ground: they are asked to check the lot on their pack.
 */
export const POSSIBLY_AFFECTED_LINES_CTE = `${AFFECTED_LINES_CTE},
recall_products AS (SELECT DISTINCT product_id FROM recall_criteria WHERE recall_id = $1),
possibly_affected_lines AS (
  SELECT ol.id, ol.product_id, ol.quantity, o.customer_id, o.location_id, o.channel, o.ordered_at
  FROM order_lines ol
  JOIN orders o ON o.id = ol.order_id
  LEFT JOIN locations loc ON loc.id = o.location_id
  CROSS JOIN recall_regions rr
  WHERE ol.product_id IN (SELECT product_id FROM recall_products) AND ol.lot_id IS NULL AND ol.serial IS NULL
    AND (o.customer_id IS NULL OR o.customer_id NOT IN (SELECT customer_id FROM affected_lines WHERE customer_id IS NOT NULL))
    AND CASE WHEN cardinality(rr.regions) = 0 THEN true
             ELSE coalesce(loc.region, (SELECT cu.region FROM customers cu WHERE cu.id = o.customer_id)) = ANY (rr.regions) END
)`;
