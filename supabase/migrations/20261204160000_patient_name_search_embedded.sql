-- The embedded PGlite now loads pg_trgm too (lib/db/client.ts), so its patient search gets the
-- trigram index that an earlier migration made only where the extension was available. On a
-- database that has it already this changes nothing.
do $$
begin
  if exists (select 1 from pg_available_extensions where name = 'pg_trgm') then
    create extension if not exists pg_trgm;
    create index if not exists patients_name_trigram_idx
      on patients using gin (lower(full_name) gin_trgm_ops);
  end if;
end
$$;
