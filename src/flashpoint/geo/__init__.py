"""Geography: an offline gazetteer built from packaged data, and place resolution with precision codes."""
