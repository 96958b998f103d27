# Titles, nominations and decisions arrive with the commendations issue.
