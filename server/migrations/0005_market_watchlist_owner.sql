-- Watchlists belong to a user (cross-module foreign key to identity.users, allowed by SCHEMA-MAP).
ALTER TABLE "market"."watchlists" ADD CONSTRAINT "watchlists_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade;
