"""Knowledge: sources read and written, split into passages and sentences, indexed,
their facts extracted, and all of it kept between runs."""
