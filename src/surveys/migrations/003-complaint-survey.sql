-- Complaints end with a CSAT survey (C2): the shipped case-resolution survey is the
-- default for complaint cases, so a fresh installation asks without setting anything up.
-- An administrator's own choice (PUT /api/surveys/case-types/complaint) is kept.
INSERT INTO survey_case_types (case_type, survey_key, channels, enabled)
VALUES ('complaint', 'case-resolution', '{email}', true)
ON CONFLICT (case_type) DO NOTHING;
