"""Forms of the members' meeting pages: none yet; attendance and proxies (issue 16) add theirs."""
