-- Failed sign-ins per account (by lower-cased e-mail, also for e-mails no user has, so the
-- answer never tells which accounts exist). After a few failures the account waits longer
-- and longer before the next attempt is even checked; a success clears the row.
CREATE TABLE IF NOT EXISTS login_failures (
  email           text PRIMARY KEY,
  failures        integer NOT NULL,
  last_failure_at timestamptz NOT NULL,
  locked_until    timestamptz
);
