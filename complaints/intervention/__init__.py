"""Early intervention (domain.md A11): policies that spot a pattern of complaints about one
officer, the alerts they raise, and the plans agreed to act on them."""
