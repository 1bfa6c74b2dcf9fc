-- Issue 16.7 (R13): a product's picture for the GPSR recall notice ("product identification with
-- pictures"). Either a URL where the picture is published, or an uploaded image kept like case
-- attachments (bytes, type, size, SHA-256, who, when). One picture per product.
CREATE TABLE IF NOT EXISTS product_pictures (
  product_id   bigint PRIMARY KEY REFERENCES products ON DELETE CASCADE,
  url          text CHECK (url ~ '^https?://'),
  file_name    text CHECK (length(file_name) BETWEEN 1 AND 255),
  content_type text CHECK (content_type IN ('image/png', 'image/jpeg', 'image/webp', 'image/gif')),
  size_bytes   bigint CHECK (size_bytes > 0),
  sha256       text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content      bytea,
  uploaded_by  text NOT NULL,
  updated_at   timestamptz NOT NULL,
  CHECK ((url IS NOT NULL) <> (content IS NOT NULL)),
  CHECK (content IS NULL OR (content_type IS NOT NULL AND size_bytes IS NOT NULL AND sha256 IS NOT NULL))
);
