-- The test application has no tables of its own; the module's are migrated before this (MessagingSchema).
select 1;
