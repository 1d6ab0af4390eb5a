<h1>{{ config.site_name }}</h1>
