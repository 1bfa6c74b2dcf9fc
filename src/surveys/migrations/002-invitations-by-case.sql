-- A case-triggered invitation goes out once per case and customer whatever survey the case
-- type names (see inviteAfterCaseResolved); that check looks invitations up by case and
-- customer, which the (survey_key, case_id, customer_id) key cannot serve.
CREATE INDEX survey_invitations_case_idx ON survey_invitations (case_id, customer_id);

-- How the customer knows the case ("C-1001" rather than the case's row id): the survey page
-- quotes what the invitation quoted. NULL for invitations that named none.
ALTER TABLE survey_invitations ADD COLUMN case_reference text;
