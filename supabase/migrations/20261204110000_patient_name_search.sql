-- Patient search matches a fragment anywhere in the name (`lower(full_name)
-- like '%khan%'`), which a btree cannot serve: counting a search's matches read
-- every patient of the clinic (10 ms at 10,000 patients on Postgres). A
-- trigram index answers the fragment from the index (0.6 ms); the clinic is
-- checked on the rows found.
--
-- pg_trgm ships with Postgres and Supabase. The embedded PGlite has no
-- pg_trgm, and its clinics are small: there the search keeps the scan.
do $$
begin
  if exists (select 1 from pg_available_extensions where name = 'pg_trgm') then
    create extension if not exists pg_trgm;
    create index if not exists patients_name_trigram_idx
      on patients using gin (lower(full_name) gin_trgm_ops);
  end if;
end
$$;
