-- Survey widget answers in Supabase (Postgres + PostgREST), inserted straight from the
-- browser with the anon key. One row per revision, keyed by the widget's Idempotency-Key
-- (read from the request headers), so a retried request is ignored
-- (Prefer: resolution=ignore-duplicates); the view keeps the highest revision per answer.

create table public.survey_answers (
  key text primary key
    default (current_setting('request.headers', true)::json ->> 'idempotency-key'),
  schema_version int not null,
  id uuid not null,
  survey text not null check (survey in ('nps', 'csat', 'ces')),
  score int not null check (score between 0 and 10),
  date date not null,
  comment text,
  customer text,
  page text,
  lang text,
  -- one column per data-attr-* you send, e.g.:
  plan text,
  received_at timestamptz not null default now(),
  check (key = id::text or key like id::text || '.%')
);

alter table public.survey_answers enable row level security;
-- The anon key may insert answers and nothing else (no reading back from the browser).
create policy "widget inserts" on public.survey_answers for insert to anon with check (true);
grant insert on public.survey_answers to anon;

-- The export for the calculator: one row per answer, its latest revision.
create view public.survey_answers_latest as
select distinct on (id) id, survey, score, date, comment, customer, page, lang, plan
from public.survey_answers
order by id, coalesce(nullif(split_part(key, '.', 2), ''), '1')::int desc;
