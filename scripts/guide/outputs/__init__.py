"""Everything the build writes: the website's finishing (hardening, the one published-HTML gate),
the offline copy, the print page, PDFs, handouts, downloads, the review schedule, and publishing dist/."""
