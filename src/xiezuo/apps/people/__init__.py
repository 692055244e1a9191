"""People with dated positions, and organisations (enterprises, institutes, parks, government bodies …)."""
