"""Who checked what, and when it is due again: review dates, sign-offs recorded in front matter,
and the reminders that keep the open issues true."""
