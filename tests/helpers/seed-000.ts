/** The "Create Video" example request of seeds/000, byte for byte as the seed prints it. */
export const seedCreateVideoRequest = `{
"title": "Welcome Message for Sarah",
"template_id": "tmpl_welcome_message",
"customer_data": {
"first_name": "Sarah",
"last_name": "Johnson",
"company": "Acme Inc.",
"product_tier": "Enterprise",
"usage_stats": {
"logins": 12,
"features_used": ["dashboard", "reports", "analytics"]
}
},
"ai_messaging": {
"tone": "professional",
"length": "medium",
"focus_points": ["product_benefits", "next_steps"]
},
"aspect_ratio": "9:16"
}`;
