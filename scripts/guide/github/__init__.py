"""What GitHub shows of a run: one annotation per problem, the run's summary, and which files a
pull request touches."""
