/* Stands in for the CDN scripts of django-cas-server's own templates, which are not used. */
