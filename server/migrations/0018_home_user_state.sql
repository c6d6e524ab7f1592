CREATE SCHEMA "home";
--> statement-breakpoint
CREATE TABLE "home"."user_home" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"guide_dismissed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "home"."user_home" ADD CONSTRAINT "user_home_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;