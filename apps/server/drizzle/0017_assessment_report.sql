ALTER TABLE "dengbao_assessments" ADD COLUMN "report_file_id" uuid;--> statement-breakpoint
ALTER TABLE "dengbao_assessments" ADD COLUMN "report_file_name" text;--> statement-breakpoint
ALTER TABLE "dengbao_assessments" ADD CONSTRAINT "dengbao_assessments_report_file_id_files_id_fk" FOREIGN KEY ("report_file_id") REFERENCES "public"."files"("id") ON DELETE restrict ON UPDATE no action;